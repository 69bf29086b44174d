-- Lead.phoneKey now keys an internationally written number by its international digits: a trunk
-- zero in parentheses after the country code ("+44 (0) 7700 900555") and the 00 call prefix
-- ("0044 7700 900556") are left out. Stored keys follow (the same rule as the Java code).
update leads
   set phone_key = nullif(regexp_replace(regexp_replace(trim(phone), '\(\s*0\s*\)', ''), '[^0-9]', ''), '')
 where regexp_like(trim(phone), '^(\+|00).*\(\s*0\s*\)');
update leads
   set phone_key = nullif(substr(phone_key, 3), '')
 where regexp_like(trim(phone), '^00') and phone_key like '00%';
