-- Lead.phoneKey keys two old mobile forms WhatsApp still sends as the numbers dialled today: Mexico
-- without the 1 after 52, Brazil with the ninth digit. Stored keys of internationally written
-- numbers follow (the same rule as the Java code; V51 and V54 already applied).
update leads
   set phone_key = '52' || substr(phone_key, 4)
 where phone_key ~ '^521[0-9]{10}$' and btrim(phone) ~ '^(\+|00)';
update leads
   set phone_key = substr(phone_key, 1, 4) || '9' || substr(phone_key, 5)
 where phone_key ~ '^55[1-9]{2}[6-9][0-9]{7}$' and btrim(phone) ~ '^(\+|00)';
