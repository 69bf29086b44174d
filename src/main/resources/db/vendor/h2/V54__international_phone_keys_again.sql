-- V51 on H2 removed only the first non-digit (H2's regexp_replace in PostgreSQL mode replaces one
-- match unless told 'g'), so keys of internationally written numbers kept spaces and dashes. The
-- same rule again, all non-digits removed (the trunk zero, as in Lead.phoneKey, only the first).
update leads
   set phone_key = nullif(regexp_replace(regexp_replace(trim(phone), '\(\s*0\s*\)', ''), '[^0-9]', '', 'g'), '')
 where regexp_like(trim(phone), '^(\+|00).*\(\s*0\s*\)');
update leads
   set phone_key = nullif(substr(phone_key, 3), '')
 where regexp_like(trim(phone), '^00') and regexp_like(phone_key, '^00');
-- Keys V51 left with other characters in them: digits only, as every key is.
update leads
   set phone_key = nullif(regexp_replace(phone_key, '[^0-9]', '', 'g'), '')
 where regexp_like(phone_key, '[^0-9]');
