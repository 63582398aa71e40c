BEGIN TRANSACTION;
CREATE TABLE accounts (
	account_id VARCHAR(64) NOT NULL, 
	customer_id VARCHAR(64) NOT NULL, 
	kind VARCHAR(32) NOT NULL, 
	balance NUMERIC(16, 2) NOT NULL, 
	currency VARCHAR(16) NOT NULL, 
	as_of DATE NOT NULL, 
	PRIMARY KEY (account_id), 
	FOREIGN KEY(customer_id) REFERENCES customers (customer_id)
);
INSERT INTO "accounts" VALUES('A001','C001','store_credit',45.1,'USD','2026-11-20');
INSERT INTO "accounts" VALUES('A002','C001','loyalty_points',1250,'PTS','2026-11-20');
INSERT INTO "accounts" VALUES('A003','C002','prepaid',20,'USD','2026-11-19');
INSERT INTO "accounts" VALUES('A004','C004','store_credit',0,'USD','2026-11-19');
INSERT INTO "accounts" VALUES('A005','C004','prepaid',100.8,'USD','2026-11-18');
INSERT INTO "accounts" VALUES('A006','C004','loyalty_points',5250,'PTS','2026-11-20');
INSERT INTO "accounts" VALUES('A007','C006','store_credit',154.82,'USD','2026-11-22');
INSERT INTO "accounts" VALUES('A008','C007','store_credit',61.18,'USD','2026-11-20');
INSERT INTO "accounts" VALUES('A009','C007','prepaid',320.5,'USD','2026-11-21');
INSERT INTO "accounts" VALUES('A010','C007','loyalty_points',3840,'PTS','2026-11-22');
INSERT INTO "accounts" VALUES('A011','C008','store_credit',250.54,'USD','2026-11-21');
INSERT INTO "accounts" VALUES('A012','C008','prepaid',150,'USD','2026-11-22');
INSERT INTO "accounts" VALUES('A013','C008','loyalty_points',2930,'PTS','2026-11-18');
INSERT INTO "accounts" VALUES('A014','C010','prepaid',50,'USD','2026-11-19');
INSERT INTO "accounts" VALUES('A015','C011','store_credit',0,'USD','2026-11-18');
INSERT INTO "accounts" VALUES('A016','C011','loyalty_points',5940,'PTS','2026-11-18');
INSERT INTO "accounts" VALUES('A017','C013','store_credit',205.25,'USD','2026-11-19');
INSERT INTO "accounts" VALUES('A018','C015','store_credit',44.26,'USD','2026-11-21');
INSERT INTO "accounts" VALUES('A019','C016','store_credit',39.78,'USD','2026-11-21');
INSERT INTO "accounts" VALUES('A020','C016','prepaid',10,'USD','2026-11-19');
INSERT INTO "accounts" VALUES('A021','C016','loyalty_points',4650,'PTS','2026-11-22');
INSERT INTO "accounts" VALUES('A022','C017','store_credit',231.18,'EUR','2026-11-20');
INSERT INTO "accounts" VALUES('A023','C017','loyalty_points',7180,'PTS','2026-11-18');
INSERT INTO "accounts" VALUES('A024','C018','store_credit',221.6,'USD','2026-11-21');
INSERT INTO "accounts" VALUES('A025','C018','loyalty_points',3800,'PTS','2026-11-19');
INSERT INTO "accounts" VALUES('A026','C019','store_credit',218.28,'USD','2026-11-19');
INSERT INTO "accounts" VALUES('A027','C019','prepaid',25.5,'USD','2026-11-21');
INSERT INTO "accounts" VALUES('A028','C019','loyalty_points',6420,'PTS','2026-11-19');
INSERT INTO "accounts" VALUES('A029','C020','loyalty_points',5000,'PTS','2026-11-19');
INSERT INTO "accounts" VALUES('A030','C021','store_credit',42.58,'USD','2026-11-19');
INSERT INTO "accounts" VALUES('A031','C021','prepaid',75.5,'USD','2026-11-20');
INSERT INTO "accounts" VALUES('A032','C022','prepaid',50.5,'USD','2026-11-22');
INSERT INTO "accounts" VALUES('A033','C022','loyalty_points',4210,'PTS','2026-11-18');
INSERT INTO "accounts" VALUES('A034','C023','store_credit',0,'USD','2026-11-18');
INSERT INTO "accounts" VALUES('A035','C023','prepaid',150.25,'USD','2026-11-18');
INSERT INTO "accounts" VALUES('A036','C023','loyalty_points',2220,'PTS','2026-11-22');
INSERT INTO "accounts" VALUES('A037','C025','store_credit',156.22,'USD','2026-11-18');
INSERT INTO "accounts" VALUES('A038','C025','prepaid',50.8,'USD','2026-11-21');
INSERT INTO "accounts" VALUES('A039','C025','loyalty_points',1770,'PTS','2026-11-19');
INSERT INTO "accounts" VALUES('A040','C026','loyalty_points',830,'PTS','2026-11-21');
INSERT INTO "accounts" VALUES('A041','C027','prepaid',75.8,'GBP','2026-11-18');
INSERT INTO "accounts" VALUES('A042','C027','loyalty_points',6100,'PTS','2026-11-21');
INSERT INTO "accounts" VALUES('A043','C028','prepaid',50,'USD','2026-11-21');
INSERT INTO "accounts" VALUES('A044','C028','loyalty_points',6480,'PTS','2026-11-22');
INSERT INTO "accounts" VALUES('A045','C029','store_credit',29.27,'EUR','2026-11-18');
INSERT INTO "accounts" VALUES('A046','C032','store_credit',250.64,'EUR','2026-11-18');
CREATE TABLE agent_states (
	user_id INTEGER NOT NULL, 
	presence VARCHAR(16) NOT NULL, 
	capacity INTEGER NOT NULL, 
	last_seen DATETIME, 
	last_assigned_at DATETIME, 
	PRIMARY KEY (user_id), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);
INSERT INTO "agent_states" VALUES(1,'online',3,'2026-12-01 16:54:08.043130','2026-12-01 16:54:08.043130');
CREATE TABLE alembic_version (
	version_num VARCHAR(32) NOT NULL, 
	CONSTRAINT alembic_version_pkc PRIMARY KEY (version_num)
);
INSERT INTO "alembic_version" VALUES('0007_pin_lockouts');
CREATE TABLE api_tokens (
	token_hash VARCHAR(64) NOT NULL, 
	user_id INTEGER NOT NULL, 
	created_at DATETIME NOT NULL, 
	expires_at DATETIME NOT NULL, 
	revoked_at DATETIME, 
	PRIMARY KEY (token_hash), 
	FOREIGN KEY(user_id) REFERENCES users (id)
);
INSERT INTO "api_tokens" VALUES('270f1dce306cc79e28425a5b7ba6c57880005e66b8bf446dc026a49416ced955',1,'2026-12-01 16:54:08.029947','2026-12-01 17:54:08.029952',NULL);
CREATE TABLE audit_log (
	id INTEGER NOT NULL, 
	at DATETIME NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	action VARCHAR(80) NOT NULL, 
	target VARCHAR(300) NOT NULL, 
	status INTEGER NOT NULL, 
	client VARCHAR(64) DEFAULT '' NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "audit_log" VALUES(1,'2026-12-01 16:54:08.061408','root','admin','faq.create','POST /api/faq',201,'127.0.0.1');
CREATE TABLE conversations (
	id INTEGER NOT NULL, 
	conversation_id VARCHAR(255) NOT NULL, 
	started_at DATETIME NOT NULL, 
	last_at DATETIME NOT NULL, 
	channel VARCHAR(32) NOT NULL, 
	customer_id VARCHAR(64), 
	verified BOOLEAN NOT NULL, 
	user_turns INTEGER NOT NULL, 
	fallback_turns INTEGER NOT NULL, 
	intents TEXT NOT NULL, 
	topic VARCHAR(16), 
	handed_off BOOLEAN NOT NULL, 
	handoff_reason VARCHAR(64), 
	lead_captured BOOLEAN NOT NULL, 
	csat_rating INTEGER, 
	csat_comment TEXT, 
	transcript TEXT NOT NULL, 
	outcome VARCHAR(16) NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	CONSTRAINT uq_conversations_session UNIQUE (conversation_id, started_at)
);
INSERT INTO "conversations" VALUES(1,'conv-old-1','2026-11-20 10:00:00.000000','2026-11-20 10:00:04.000000','socketio','C001',0,1,0,'["order_status"]','general',0,NULL,0,5,NULL,'[{"role": "user", "text": "where is my order?", "at": "2026-11-20T10:00:01+00:00"}, {"role": "bot", "text": "Order O1001 is on its way.", "at": "2026-11-20T10:00:03+00:00"}]','contained','2026-12-01 16:54:08.066105');
CREATE TABLE customers (
	customer_id VARCHAR(64) NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	phone VARCHAR(20) NOT NULL, 
	email VARCHAR(320) NOT NULL, 
	tier VARCHAR(16) NOT NULL, 
	pin_hash VARCHAR(200) NOT NULL, 
	language VARCHAR(35) NOT NULL, 
	PRIMARY KEY (customer_id)
);
INSERT INTO "customers" VALUES('C001','Ada Moreno','+15551230001','ada@example.com','vip','$argon2id$v=19$m=19456,t=2,p=1$67Xrgpsa/+7+zU6Yp6TVQg$8k2lvwFgNSzLTu75hMYxpQY4Op50YnBjKLN7JrxoTE4','en');
INSERT INTO "customers" VALUES('C002','Ben Okafor','+15551230002','ben@example.com','gold','$argon2id$v=19$m=19456,t=2,p=1$BxMZANhcJ4o9yISqvO2GAQ$2z4PI7JUDJxAohqiqS/Lmll59jSGbA2eVD6bxrdQ9Eg','en');
INSERT INTO "customers" VALUES('C003','Chloe Nguyen','+15551230003','chloe@example.com','standard','$argon2id$v=19$m=19456,t=2,p=1$CfhVp/IZpOZggebHb1w+yg$K1lgRUFNlaWVS2oSxecDHPj26NHHNYPxUero/pILk6g','en');
INSERT INTO "customers" VALUES('C004','Diego Alvarez','+15551230004','diego.alvarez@example.org','gold','$argon2id$v=19$m=19456,t=2,p=1$ALwZyWfmiRO+LNuwL298RA$49NNtSPGeLHX1nBE/Jj3mE/3X7rsWdq6BnrPhQI1BSY','en');
INSERT INTO "customers" VALUES('C005','Emma Schmidt','+15551230005','emma.schmidt@example.net','standard','$argon2id$v=19$m=19456,t=2,p=1$sQkz2HGaGeskZNrnkoaoCg$iBjjMq1h+ukJzYUTOTMgtl5weEzlMDM+nouqQ2MKRmE','de');
INSERT INTO "customers" VALUES('C006','Farah Haddad','+15551230006','farah.haddad@example.com','standard','$argon2id$v=19$m=19456,t=2,p=1$gIKM7r58242ulRF5lTS60w$LvlUuovJk316cSQlSMHUWa94J4VNejNvdr2a3TuGSQY','en');
INSERT INTO "customers" VALUES('C007','George Papadopoulos','+15551230007','george.papadopoulos@example.org','gold','$argon2id$v=19$m=19456,t=2,p=1$FAbVJojpZH6IJahgdrje3g$p70JTjcop2pGfetSeBFRL9ea3Dkc3UW3M/0Bqv8KkHw','en');
INSERT INTO "customers" VALUES('C008','Hana Sato','+15551230008','hana.sato@example.net','standard','$argon2id$v=19$m=19456,t=2,p=1$V6bCbGlEbmqkzOiVKw8edg$LZWpszV9bG3U2yD2wHR9zFkAfBfOX7W8JrXvlrHM2L8','en');
INSERT INTO "customers" VALUES('C009','Ivan Petrov','+15551230009','ivan.petrov@example.com','gold','$argon2id$v=19$m=19456,t=2,p=1$ijF/vUgGmiWIkgxsPE/oZw$T1HwpBZ76tlS395rPCfYWeFi9NXXu+Kx3szDla52m8Y','en');
INSERT INTO "customers" VALUES('C010','Julia Rossi','+15551230010','julia.rossi@example.org','standard','$argon2id$v=19$m=19456,t=2,p=1$4X5DGpTrpw7gwZggnZKamQ$JiYLLs4mgFg07MjtDPbcBIGvOhqSAkhQnLfmQkoUp3w','en');
INSERT INTO "customers" VALUES('C011','Kwame Mensah','+15551230011','kwame.mensah@example.net','standard','$argon2id$v=19$m=19456,t=2,p=1$Q6dnjKx49iWS61qBebz7YQ$LxkSEGNDSSu6Ac5fV8X2slLcF/KCdYwEM/4hIv0/2l4','en');
INSERT INTO "customers" VALUES('C012','Lena Fischer','+15551230012','lena.fischer@example.com','standard','$argon2id$v=19$m=19456,t=2,p=1$R5+dABmtmaxPZEN525weWw$g6q72NPlncUtmah7Pw0Y+AsE0ib+7zCTBd6pSaDrJkc','de');
INSERT INTO "customers" VALUES('C013','Mateo Garcia','+15551230013','mateo.garcia@example.org','standard','$argon2id$v=19$m=19456,t=2,p=1$iKZuDzkHCU+2NoyvvVFa2Q$CP4/iUEEN9svETse8UzDJLCVn3Is/1kQ/6qo8MWXSJY','es');
INSERT INTO "customers" VALUES('C014','Nora Lindqvist','+15551230014','nora.lindqvist@example.net','vip','$argon2id$v=19$m=19456,t=2,p=1$bOOmx6wIx9ir0/ihdsEwaA$I45a0y6CypBWvYaygLHgLbSZK1UntlEM7K7E12Wk57E','en');
INSERT INTO "customers" VALUES('C015','Omar Farouk','+15551230015','omar.farouk@example.com','standard','$argon2id$v=19$m=19456,t=2,p=1$p4JSsu+jz765ErvYoUu3QQ$NhuVy2HOFH7IjL7NMplSQFbor2cKsMDJulfG+Fgr55I','en');
INSERT INTO "customers" VALUES('C016','Priya Patel','+15551230016','priya.patel@example.org','gold','$argon2id$v=19$m=19456,t=2,p=1$xvLt2nOsNyY1nMrjxSbpZQ$j8bZhdgRTRRGc44BcYmUmm0C5Dpcs36h3BrArHdcPRY','en');
INSERT INTO "customers" VALUES('C017','Quentin Dubois','+15551230017','quentin.dubois@example.net','gold','$argon2id$v=19$m=19456,t=2,p=1$c01qGW6dGmH/wlJ9Ic3udg$GzRrCsO0lpZpABc76CCfXWkSXUGeIrJwAh6sg68Ayu4','fr');
INSERT INTO "customers" VALUES('C018','Rosa Martinez','+15551230018','rosa.martinez@example.com','gold','$argon2id$v=19$m=19456,t=2,p=1$et97wSCUhK1aUeH7cO7AxA$I1vnMba+cLPVFA3akSkhwh5P/DERRv3WsUBQQKnJL3A','es');
INSERT INTO "customers" VALUES('C019','Samuel Cohen','+15551230019','samuel.cohen@example.org','vip','$argon2id$v=19$m=19456,t=2,p=1$ysAkq9M5pr7QcPuZfR03lw$Ec6OD3Wv7Q8j7X1UQHMITp6JTvQBJt8LwonVRzzEswQ','en');
INSERT INTO "customers" VALUES('C020','Tara O''Neill','+15551230020','tara.oneill@example.net','standard','$argon2id$v=19$m=19456,t=2,p=1$haMeUP1lBAUKQhlj8D0ycg$OitCtHiBiynr6fff2MphQ28IHAtEiG5RUC9qWrhTREQ','en-GB');
INSERT INTO "customers" VALUES('C021','Umar Sheikh','+15551230021','umar.sheikh@example.com','vip','$argon2id$v=19$m=19456,t=2,p=1$Ei5r0un7w1nlPJPgKsiVZQ$BVr/6p8U6CyOz571v4Wuu0u9sASrqpywd3zfqJd2gTA','en');
INSERT INTO "customers" VALUES('C022','Valentina Costa','+15551230022','valentina.costa@example.org','standard','$argon2id$v=19$m=19456,t=2,p=1$l7rm5t06ym/vFcuX3Gxl4Q$6YFyRAwPdjMCifRK3WVgrsLqzOO5B+3va1DSg3+IYb0','en');
INSERT INTO "customers" VALUES('C023','William Brown','+15551230023','william.brown@example.net','standard','$argon2id$v=19$m=19456,t=2,p=1$sKaayAyTEQmmqo27hFSoSg$h8km7J/dMsY02cwj+jJ29ogCrEUOn5WAX5XCxIYuRJA','en');
INSERT INTO "customers" VALUES('C024','Xin Li','+15551230024','xin.li@example.com','standard','$argon2id$v=19$m=19456,t=2,p=1$imnjVwDGdDS/fRFzbViZFg$E07tS0Rh3A2CJ0cB/ZuyyiQbf2Ibn1r4b99NrSBrusQ','en');
INSERT INTO "customers" VALUES('C025','Yara Silva','+15551230025','yara.silva@example.org','standard','$argon2id$v=19$m=19456,t=2,p=1$PBULNVu32KZSlNQtLs2+iQ$3G+14eZQSoqafG9fdGCHglbTQRkvSFKmwcKTMwB40LM','en');
INSERT INTO "customers" VALUES('C026','Zoe Thompson','+15551230026','zoe.thompson@example.net','vip','$argon2id$v=19$m=19456,t=2,p=1$MgBTQGSGcEgC0MJEwHCLww$28gE7FHfIb3oJhgVZ0Ca+crLAENAmlTseOVR/GWmqyI','en');
INSERT INTO "customers" VALUES('C027','Aiden Walsh','+15551230027','aiden.walsh@example.com','standard','$argon2id$v=19$m=19456,t=2,p=1$wwMIJFhGwpVv+nQrAQLUUw$mpmkDwPkSpGjBl4RX+zwu6cPNU92mFdid9t1j8cUOMc','en-GB');
INSERT INTO "customers" VALUES('C028','Bianca Ferreira','+15551230028','bianca.ferreira@example.org','standard','$argon2id$v=19$m=19456,t=2,p=1$CpQjyufZkKSIh6fvU0vpCw$6NheWuhLtIYCiQz/SigHCwPJWz+1J9ie2+ezFAdBx4I','en');
INSERT INTO "customers" VALUES('C029','Carlos Mendes','+15551230029','carlos.mendes@example.net','gold','$argon2id$v=19$m=19456,t=2,p=1$ner5etVRu9w5efV16TcmYA$ZQkAVrHNKlvwNa7tPIuVJFr5aAP3YMbRu3oUP8+vbfI','es');
INSERT INTO "customers" VALUES('C030','Daniela Ruiz','+15551230030','daniela.ruiz@example.com','standard','$argon2id$v=19$m=19456,t=2,p=1$SfQMPQogwH0qpSF/ug922A$A9fGYBuPua0V73Ie7ea4MKRCxNMquNn3pJM711+BXnw','es');
INSERT INTO "customers" VALUES('C031','Elijah Carter','+15551230031','elijah.carter@example.org','standard','$argon2id$v=19$m=19456,t=2,p=1$8pm+6ZJe3agv9iRwaZC6Gg$ZYRFrTqk/ZCMO1j0hdLP5zsxIF+87BHquuWlnt71mzo','en');
INSERT INTO "customers" VALUES('C032','Fatima Zahra','+15551230032','fatima.zahra@example.net','standard','$argon2id$v=19$m=19456,t=2,p=1$zGcIyf5OqO8QxF83AciASA$5YX3yVj8s076mEWPpobVUltkLZZw/wWiISHzn8IhVRA','fr');
INSERT INTO "customers" VALUES('C033','Gustav Berg','+15551230033','gustav.berg@example.com','standard','$argon2id$v=19$m=19456,t=2,p=1$aV12Rp0Tfs8dfV/6HX2bOA$Yf7h1cMVWrOBsBRkG4vGdM/VRU46wDGXi7oKnd3ynrs','en');
CREATE TABLE faq_entries (
	id INTEGER NOT NULL, 
	slug VARCHAR(120) NOT NULL, 
	question TEXT NOT NULL, 
	answer TEXT NOT NULL, 
	voice_answer TEXT, 
	alternates TEXT NOT NULL, 
	tags TEXT NOT NULL, 
	version INTEGER NOT NULL, 
	deleted_at DATETIME, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "faq_entries" VALUES(1,'accounts-create','How do I create an account?','Click Sign In at the top of any page, choose Create Account and enter your name, email and a password of at least 8 characters. You''ll get a confirmation email, and any past orders placed with that email are added to your account automatically. You can also check out as a guest without an account.','Select Sign In, then Create Account, and enter your name, email and a password. Past orders with that email are added automatically.','["how do i sign up", "register new account", "can i make an account after i already ordered", "do i need an account to order", "uh how do i make a profile on your site"]','["account"]',1,NULL,'2026-12-01 16:54:07.750638');
INSERT INTO "faq_entries" VALUES(2,'accounts-reset-password','How do I reset my password?','Click Sign In, then Forgot Password, and enter your account email; we''ll send a reset link that works for 60 minutes. If it doesn''t arrive within 10 minutes, check your spam folder or ask us by chat to resend it.','Select Sign In, then Forgot Password, and we''ll email you a reset link that works for one hour.','["forgot my password", "cant log in to my account", "password reset link not working", "i''m locked out of my account", "uh i don''t remember my login"]','["account", "login"]',1,NULL,'2026-12-01 16:54:07.752974');
INSERT INTO "faq_entries" VALUES(3,'accounts-change-email','How do I change the email address on my account?','Sign in, go to Account Settings, then Login and Security, and enter your new email and current password. We send a confirmation link to the new address, and the change takes effect once you click it. Orders placed before the change keep sending updates to the old email.','Sign in, go to Account Settings, then Login and Security, and enter your new email. Then click the link we send to confirm it.','["update my email address", "i have a new email how do i change it", "change login email", "my old email doesnt work anymore", "uh can i switch the email on my profile"]','["account"]',1,NULL,'2026-12-01 16:54:07.753669');
INSERT INTO "faq_entries" VALUES(4,'accounts-delete','How do I delete my account?','Go to Account Settings, then Privacy, and choose Delete Account, or ask us by chat or phone. We close the account within 30 days and erase your personal data, except order records we must keep for 7 years for tax purposes. Any unused loyalty points and store credit are lost, so use them first.','Go to Account Settings, then Privacy, and choose Delete Account. Any points and store credit you haven''t used will be lost.','["close my account", "i want to remove my profile", "how do i deactivate my account", "delete my account and all my info", "uh i dont want an account with you anymore"]','["account", "privacy"]',1,NULL,'2026-12-01 16:54:07.754223');
INSERT INTO "faq_entries" VALUES(5,'accounts-loyalty-points','How do loyalty points work?','Members of our free Trail Rewards program earn 1 point per $1 spent, and every 200 points turns into a $10 reward you can use at checkout online or in store. Points post 30 days after your order ships, once the return window has passed, and expire after 12 months without any activity. Join for free at https://shop.example.com/rewards.','You earn one point for every dollar you spend, and two hundred points gives you a ten-dollar reward. Points show up thirty days after your order ships.','["how many points do i get per dollar", "trail rewards program", "when do my points expire", "why havent my points shown up yet", "uh how do i use my rewards points"]','["account", "loyalty"]',1,NULL,'2026-12-01 16:54:07.754749');
INSERT INTO "faq_entries" VALUES(6,'accounts-store-credit','How do I use my store credit?','Store credit is saved in your account and applied at checkout when you tick Use Store Credit, or in store when you give your email. It covers any product and shipping, can be combined with another payment method, and never expires. You can see your balance under Account, then Wallet.','Your store credit is saved in your account. Just choose Use Store Credit at checkout, or give your email in store. It never expires.','["how do i spend my store credit", "where can i see my credit balance", "apply credit from a return to a new order", "does store credit expire", "uh i have a credit on my account how do i use it"]','["account", "store-credit"]',1,NULL,'2026-12-01 16:54:07.755258');
INSERT INTO "faq_entries" VALUES(7,'opening-hours-store-weekdays','What are your store opening hours during the week?','Our stores are open Monday to Friday from 9 a.m. to 8 p.m. and Saturday from 9 a.m. to 6 p.m., local time. Hours for each location are listed at https://shop.example.com/stores.','Our stores are open from nine in the morning to eight in the evening Monday to Friday, and from nine to six on Saturday.','["what time does the store open on monday", "when do you close tonight", "store hours saturday", "are you open at 8 am on weekdays", "uh whats the latest i can come in on a friday"]','["hours", "store"]',1,NULL,'2026-12-01 16:54:07.755762');
INSERT INTO "faq_entries" VALUES(8,'opening-hours-store-sunday','Is the store open on Sunday?','Yes, our stores are open on Sundays from 11 a.m. to 5 p.m. local time. Please note that our customer service phone line is closed on Sundays, but live chat is available.','Yes, our stores are open on Sundays from eleven in the morning to five in the afternoon.','["what time does the shop open on sunday", "sunday opening hours", "are you guys open sundays", "can i come to the store this sunday afternoon", "sunday hrs"]','["hours", "store"]',1,NULL,'2026-12-01 16:54:07.756532');
INSERT INTO "faq_entries" VALUES(9,'opening-hours-holidays','What are your opening hours on public holidays?','Stores, phone and chat are closed on Thanksgiving Day, Christmas Day and New Year''s Day. On Christmas Eve and New Year''s Eve stores close early at 4 p.m., and on other public holidays like Memorial Day, July 4th and Labor Day stores follow Sunday hours, 11 a.m. to 5 p.m. Holiday hours for each store are posted at https://shop.example.com/stores two weeks ahead.','We''re closed on Thanksgiving, Christmas Day and New Year''s Day. We close at four on Christmas Eve and New Year''s Eve, and other holidays have Sunday hours, eleven to five.','["are you open on thanksgiving", "christmas eve hours", "open on memorial day?", "holiday opening times", "uh are you open on the fourth of july"]','["hours", "holidays"]',1,NULL,'2026-12-01 16:54:07.757211');
INSERT INTO "faq_entries" VALUES(10,'opening-hours-phone-support','What are your customer service phone hours?','You can call customer service at 1-800-555-0142 Monday to Friday from 8 a.m. to 8 p.m. ET and Saturday from 9 a.m. to 5 p.m. ET. The phone line is closed on Sundays and major holidays, but live chat is open every day.','You can call us Monday to Friday from eight a.m. to eight p.m. Eastern, and Saturday from nine to five. The phone line is closed on Sundays.','["when can i call you", "what time does customer support pick up the phone", "is the helpline open on sunday", "customer service number hours", "uh can i call somebody right now"]','["hours", "contact"]',1,NULL,'2026-12-01 16:54:07.757783');
INSERT INTO "faq_entries" VALUES(11,'opening-hours-chat','When is live chat available?','Live chat is available 7 days a week from 8 a.m. to 10 p.m. ET, including Sundays. Start a chat from the help icon at the bottom right of any page or in our app. Outside those hours, leave a message and we''ll email you back within 1 business day.','Live chat is open every day from eight a.m. to ten p.m. Eastern, Sundays included. Outside those hours, leave a message and we''ll email you back.','["is there live chat", "chat support hours", "can i talk to an agent online late at night", "what time does the chat close", "uh is anyone on chat right now"]','["hours", "contact"]',1,NULL,'2026-12-01 16:54:07.758291');
INSERT INTO "faq_entries" VALUES(12,'orders-change-cancel','Can I change or cancel my order?','You can change the address, size or color, or cancel your order, within 1 hour of placing it from Order History in your account. After that it''s usually already being packed, so contact us by chat or phone right away and we''ll try; if it has shipped, you''ll need to return it instead. Cancelled orders are refunded within 2 business days.','You can change or cancel an order within one hour from your order history. After that, contact us quickly, and if it has already shipped, you can return it.','["cancel my order", "i put the wrong address on my order", "can i change the size before it ships", "i ordered by mistake please cancel", "uh can i still edit my order"]','["orders", "changes"]',1,NULL,'2026-12-01 16:54:07.758782');
INSERT INTO "faq_entries" VALUES(13,'orders-add-item','Can I add an item to an order I already placed?','We can''t add items to an order once it''s placed, because it goes straight to our warehouse. Just place a second order; if you place it within 1 hour of the first and ship it to the same address, we''ll refund the extra shipping cost. If the first order hasn''t shipped yet, you can also cancel it and reorder everything together.','We can''t add items to a placed order, but if you place a second order within an hour to the same address, we''ll refund the extra shipping.','["i forgot to add socks to my order", "add something to an existing order", "can you combine two orders", "uh can i put one more thing in my order", "add a item to order already placed"]','["orders", "changes"]',1,NULL,'2026-12-01 16:54:07.759263');
INSERT INTO "faq_entries" VALUES(14,'orders-missing-item','An item is missing from my parcel. What should I do?','Some orders ship in more than one box from different warehouses, so check your shipping confirmation email to see if another parcel is still on its way. If everything shows delivered and an item is missing, contact us within 14 days with your order number and a photo of the packing slip, and we''ll ship the missing item free or refund it.','Check your shipping email first, since some orders come in more than one box. If something is still missing, contact us within fourteen days and we''ll send it or refund it.','["my package came but the jacket wasnt in it", "only got part of my order", "box arrived with one item missing", "uh i ordered 2 things and only 1 showed up", "incomplete order recieved"]','["orders", "delivery-issue"]',1,NULL,'2026-12-01 16:54:07.759748');
INSERT INTO "faq_entries" VALUES(15,'orders-damaged-item','My item arrived damaged. What can I do?','Sorry about that. Send us photos of the item and the box within 14 days of delivery through https://shop.example.com/help or by chat, and we''ll ship a free replacement or refund you in full. Return shipping is free, and for bulky items like tents we may not need the item back at all.','Sorry about that. Send us photos of the item and the box within fourteen days, and we''ll send a replacement or refund you. Returning it is free.','["the box was crushed and my tent poles are bent", "item arrived broken", "my jacket came ripped", "received a damaged product", "uh the backpack has a tear right out of the package"]','["orders", "delivery-issue"]',1,NULL,'2026-12-01 16:54:07.760232');
INSERT INTO "faq_entries" VALUES(16,'orders-gift-wrap','Do you offer gift wrapping?','Yes. Choose Gift Wrap at checkout for $5.95 per item and add a free gift message. We can also leave prices off the packing slip at no charge if you tick This Is a Gift. Oversized items like tents can''t be wrapped, but they can still include a gift message.','Yes, gift wrap costs five ninety-five per item, and gift messages are free. We can also leave prices off the packing slip.','["can you wrap it as a present", "gift receipt with no prices", "add a gift message", "is gift wrapping available for christmas", "uh can you send it straight to my brother as a gift"]','["orders", "gifts"]',1,NULL,'2026-12-01 16:54:07.760710');
INSERT INTO "faq_entries" VALUES(17,'orders-confirmation-email','I didn''t receive an order confirmation email. What should I do?','Confirmation emails usually arrive within 15 minutes, so first check your spam and promotions folders for mail from orders@shop.example.com. If it''s not there, sign in and look under Order History; if the order is listed, it went through. Contact us by chat and we''ll resend the confirmation and fix your email address if there was a typo.','It usually arrives within fifteen minutes, so check your spam folder first. You can also see the order in your account, and we can resend the email by chat.','["no confirmation email", "did my order go through", "i never got an email after checking out", "order confirmation not in my inbox", "uh how do i know if my order worked"]','["orders", "email"]',1,NULL,'2026-12-01 16:54:07.761346');
INSERT INTO "faq_entries" VALUES(18,'payments-accepted-methods','What payment methods do you accept?','We accept Visa, Mastercard, American Express, Discover, debit cards, Apple Pay, Google Pay, PayPal and our gift cards. In stores we also take cash and contactless payments. You can split an order between one gift card and one other payment method.','We accept all major credit and debit cards, Apple Pay, Google Pay, PayPal and gift cards. In stores we also take cash.','["can i pay with amex", "do you take apple pay", "which cards do you accept", "can i use a gift card and my credit card together", "uh do you take debit cards"]','["payments"]',1,NULL,'2026-12-01 16:54:07.761845');
INSERT INTO "faq_entries" VALUES(19,'payments-paypal','Can I pay with PayPal?','Yes. Choose PayPal at checkout and you''ll be sent to PayPal to log in and confirm; your order is placed once you come back to our site. Refunds for PayPal orders go back to your PayPal account, usually within 24 hours of us processing the return.',NULL,'["do you accept paypal", "pay pal option at checkout", "can i check out with my paypal balance", "i want to use paypal instead of my card", "pyapal payment"]','["payments", "paypal"]',1,NULL,'2026-12-01 16:54:07.762326');
INSERT INTO "faq_entries" VALUES(20,'payments-buy-now-pay-later','Can I buy now and pay later in installments?','Yes. With Klarna or Afterpay you can split orders between $35 and $1,000 into 4 interest-free payments, one every 2 weeks. Pick either option at checkout; approval is instant and only a soft credit check is done. Klarna also offers monthly financing on orders over $250, see https://shop.example.com/financing.','Yes. With Klarna or Afterpay you can split orders from thirty-five to one thousand dollars into four interest-free payments. Just choose one at checkout.','["do you have afterpay", "can i pay in installments", "klarna available?", "can i split the payment for a tent into 4", "uh is there a payment plan option"]','["payments", "financing"]',1,NULL,'2026-12-01 16:54:07.762812');
INSERT INTO "faq_entries" VALUES(21,'payments-card-declined','Why was my card declined?','Declines usually happen when the billing address or ZIP code doesn''t match your bank''s records, the expiration date or security code is wrong, or your bank blocks an unusual online purchase. Check your details, call your bank to approve the charge, then try again or use PayPal or another card. A declined attempt doesn''t charge you, though a temporary hold may show for a few days.','Usually the billing address or security code doesn''t match, or your bank blocked the purchase. Check your details, call your bank, and try again or use another payment method.','["my payment didnt go through", "card keeps getting rejected at checkout", "transaction failed but i have money in my account", "why wont my visa work", "uh it says payment declined what do i do"]','["payments", "troubleshooting"]',1,NULL,'2026-12-01 16:54:07.763302');
INSERT INTO "faq_entries" VALUES(22,'payments-business-invoice','Can my business pay by invoice?','Yes. Businesses, schools and clubs can apply for a business account at https://shop.example.com/business to pay by invoice with net-30 terms on orders of $500 or more. Approval takes about 2 business days, and we can add your PO number and tax-exempt certificate to every invoice. Every order also comes with a downloadable itemized invoice in your account.','Yes. Businesses can apply for a business account to pay by invoice with thirty-day terms on orders of five hundred dollars or more. Approval takes about two business days.','["do you offer net 30 terms", "i need an invoice for my company", "can our scout troop pay with a purchase order", "tax exempt purchase for a school", "uh how do i get an itemized invoice for my expense report"]','["payments", "business"]',1,NULL,'2026-12-01 16:54:07.763778');
INSERT INTO "faq_entries" VALUES(23,'payments-currency','What currency are prices charged in?','All prices are shown and charged in US dollars. If you pay with a card issued outside the US, your bank converts the amount and may add a foreign transaction fee. Canadian customers see an estimated total in CAD at checkout for reference, but the charge is still in USD.','Everything is charged in US dollars. If your card is from another country, your bank does the conversion and may add a small fee.','["can i pay in canadian dollars", "are your prices in usd", "will i be charged in euros", "why was my card charged a foreign transaction fee", "uh what currency is the price in"]','["payments", "international"]',1,NULL,'2026-12-01 16:54:07.764259');
INSERT INTO "faq_entries" VALUES(24,'privacy-data-kept','What personal data do you keep about me?','We keep your name, contact details, addresses, order and return history and loyalty activity, plus how you use our website and app. Card numbers are handled by our payment processor and never stored by us, and we never sell your data. Order records are kept for 7 years for tax purposes, and marketing data is deleted 3 years after your last activity. Full details are at https://shop.example.com/privacy.','We keep your contact details, addresses, order history and loyalty activity. We never store your card number and never sell your data.','["what information do you store on me", "do you save my credit card number", "how long do you keep my data", "do you sell my personal information", "uh what do you know about me"]','["privacy", "data"]',1,NULL,'2026-12-01 16:54:07.764743');
INSERT INTO "faq_entries" VALUES(25,'privacy-data-copy','How can I get a copy of my personal data?','Request a copy at https://shop.example.com/privacy/request or by emailing privacy@shop.example.com from your account email. We verify your identity and send a downloadable file of everything we hold about you within 30 days, free of charge.','Request it through the privacy page on our website or email our privacy team. We''ll send you a file with all your data within thirty days, free.','["download my data", "data access request", "send me a copy of my information", "can i export my account data", "uh how do i get my data file"]','["privacy", "data"]',1,NULL,'2026-12-01 16:54:07.765344');
INSERT INTO "faq_entries" VALUES(26,'privacy-unsubscribe','How do I unsubscribe from marketing emails?','Click Unsubscribe at the bottom of any marketing email, or turn off emails under Account Settings, then Communication Preferences; it takes effect within 48 hours. To stop text messages, reply STOP to any of them. You''ll still get messages about your orders, returns and account security.','Select unsubscribe at the bottom of any of our emails, or change your communication preferences in your account. For texts, reply stop. You''ll still get messages about your orders.','["stop sending me emails", "too many promo emails", "opt out of newsletter", "how do i stop texts from you", "uh take me off your mailing list"]','["privacy", "marketing"]',1,NULL,'2026-12-01 16:54:07.765830');
INSERT INTO "faq_entries" VALUES(27,'privacy-cookies','What cookies does your website use?','We use essential cookies to run the cart and checkout, plus analytics and advertising cookies only if you accept them. You can change your choice anytime via Cookie Settings at the bottom of every page. More details are in our cookie policy at https://shop.example.com/cookies.','We use essential cookies for the cart and checkout, and analytics or ad cookies only if you agree. You can change this in Cookie Settings at the bottom of any page.','["do you track me with cookies", "how do i turn off tracking cookies", "change my cookie settings", "what is the cookie banner about", "uh why does your site want cookies"]','["privacy", "cookies"]',1,NULL,'2026-12-01 16:54:07.766435');
INSERT INTO "faq_entries" VALUES(28,'privacy-call-recording','Are my customer service calls recorded?','Yes, calls may be recorded for training and quality purposes, and you''ll hear a message before the call connects. Recordings are stored securely and deleted after 90 days. If you''d rather not be recorded, tell the agent and they''ll turn recording off or continue by chat or email.','Yes, calls may be recorded for training and quality, and recordings are deleted after ninety days. If you''d rather not be recorded, just tell the agent.','["do you record phone calls", "is this call being recorded", "can i ask not to be recorded", "how long do you keep call recordings", "uh are you taping this"]','["privacy", "phone"]',1,NULL,'2026-12-01 16:54:07.766959');
INSERT INTO "faq_entries" VALUES(29,'returns-policy-window','What is your return policy?','You can return most items within 30 days of delivery for a full refund, as long as they''re unused, in original condition and with tags attached. Start a return at https://shop.example.com/returns with your order number and email, or bring the item to any of our stores. Items marked Final Sale can''t be returned.','You can return most unused items with tags within thirty days of delivery for a full refund. Start the return on our website or bring it to any of our stores.','["how many days do i have to return something", "can i still return a jacket i bought 3 weeks ago", "how do i send something back", "retrun policy", "uh whats the deadline for returns"]','["returns", "policy"]',1,NULL,'2026-12-01 16:54:07.767464');
INSERT INTO "faq_entries" VALUES(30,'returns-shoes-worn-indoors','Can I return shoes I''ve only tried on indoors?','Yes. Shoes and boots worn indoors only can be returned within 30 days of delivery for a full refund, as long as the soles are clean and unmarked and you include the original box. We inspect every pair, so please try them on carpet or a clean floor.','Yes. Shoes worn only indoors can be returned within thirty days if the soles are clean and they''re in the original box.','["i tried the boots on at home and they dont fit can i return them", "return shoes i only wore around the house", "can i send back hiking shoes i wore on carpet for a day", "uh can i send back shoes i wore once inside", "the trail runners are too small ive only walked in my apartment"]','["returns", "footwear"]',1,NULL,'2026-12-01 16:54:07.767964');
INSERT INTO "faq_entries" VALUES(31,'returns-shoes-worn-outside','Can I return shoes I''ve worn outside?','Shoes with outdoor wear, such as dirt, scuffs or worn tread on the soles, can''t be returned for a refund or exchange. If they developed a defect, like a sole separating or a seam splitting, you can file a warranty claim instead at https://shop.example.com/warranty. Unworn or indoor-only shoes can still be returned within 30 days.','Shoes that have been worn outside can''t be returned. If they have a defect, like a sole coming loose, you can make a warranty claim instead.','["i wore my boots on one hike can i still return them", "return shoes that have been used on the trail", "the sneakers have mud on them can i send them back", "uh i wore them outside for a walk and they hurt, can i return", "can i return running shoes after a few runs"]','["returns", "footwear"]',1,NULL,'2026-12-01 16:54:07.768459');
INSERT INTO "faq_entries" VALUES(32,'returns-refund-timing','How long does it take to get my refund?','We process refunds within 5 business days of your return arriving at our warehouse, and you''ll get an email when it''s done. The money goes back to your original payment method and usually shows up in 3 to 5 business days for cards, or within 24 hours for PayPal. Returns made in a store are refunded on the spot.','We process refunds within five business days of receiving your return. It then takes three to five business days to show up on your card, or about a day for PayPal.','["when will i get my money back", "i sent my return 2 weeks ago still no refund", "how long do refunds take to show on my card", "refund status", "uh did you get my return yet i havent been refunded"]','["returns", "refunds"]',1,NULL,'2026-12-01 16:54:07.769929');
INSERT INTO "faq_entries" VALUES(33,'returns-exchange','How do I exchange an item for a different size or color?','Start an exchange at https://shop.example.com/returns within 30 days of delivery and choose the new size or color. Exchanges are free, and we ship the replacement as soon as the carrier scans your return, so you don''t have to wait for it to reach us. If you want a different product, return the original for a refund and place a new order.','Start an exchange on our returns page within thirty days and pick the new size or color. Exchanges are free, and we ship the new item as soon as your return is scanned.','["can i swap my jacket for a bigger size", "exchange boots for half a size up", "i ordered the wrong colour can i change it", "how do exchanges work", "uh these pants are too long can i get a shorter inseam instead"]','["returns", "exchanges"]',1,NULL,'2026-12-01 16:54:07.770538');
INSERT INTO "faq_entries" VALUES(34,'returns-shipping-cost','Do I have to pay for return shipping?','Returns by mail use our prepaid UPS label, and $5.95 is deducted from your refund; exchanges and returns of faulty or wrong items are free. Returning an item in any of our stores is always free. If you use your own carrier, you pay the postage and we recommend a tracked service.','Mail returns cost five ninety-five, taken from your refund. Exchanges, faulty items and in-store returns are free.','["is return shipping free", "how much does it cost to send something back", "do you provide a return label", "will you charge me for the return postage", "who pays for shipping on returns"]','["returns", "shipping"]',1,NULL,'2026-12-01 16:54:07.771044');
INSERT INTO "faq_entries" VALUES(35,'returns-sale-items','Can I return items I bought on sale?','Yes. Sale and clearance items can be returned within 30 days of delivery, unused with tags, but they''re refunded as store credit rather than to your card. Items marked Final Sale, including ex-demo tents and outlet gear, can''t be returned or exchanged.','Yes, sale items can be returned within thirty days, but you get store credit instead of a refund to your card. Final sale items can''t be returned.','["are clearance items returnable", "i bought a discounted jacket can i return it", "return policy for final sale", "can i get a refund on something from the black friday sale", "uh the tent was on sale does that matter for returning it"]','["returns", "sale"]',1,NULL,'2026-12-01 16:54:07.771547');
INSERT INTO "faq_entries" VALUES(36,'shipping-domestic-standard','How long does standard shipping take and how much does it cost?','Standard shipping within the contiguous US takes 3 to 5 business days and costs $6.95. Orders placed before 1 p.m. ET on a business day ship the same day. Delivery to Alaska and Hawaii takes 5 to 9 business days at the same price.','Standard shipping in the US takes three to five business days and costs six ninety-five. Orders placed before one p.m. Eastern on a weekday ship the same day.','["how long does shipping take", "whats the delivery time for a normal order", "how much is regular shipping", "uh when will my boots get here if i pick standard", "shiping cost to texas"]','["shipping", "domestic"]',1,NULL,'2026-12-01 16:54:07.772041');
INSERT INTO "faq_entries" VALUES(37,'shipping-express','Do you offer express or overnight shipping?','Yes. Express shipping delivers in 1 to 2 business days within the contiguous US for $19.95, and overnight delivery costs $34.95. Order before 1 p.m. ET Monday to Friday for same-day dispatch; express and overnight aren''t available to PO boxes, Alaska or Hawaii.','Yes. Express takes one to two business days for nineteen ninety-five, and overnight is thirty-four ninety-five. Order before one p.m. Eastern on a weekday to have it ship the same day.','["can i get it faster", "next day delivery option?", "how much is expedited shipping", "i need my tent by friday can you rush it", "is there overnite shipping"]','["shipping", "express"]',1,NULL,'2026-12-01 16:54:07.772525');
INSERT INTO "faq_entries" VALUES(38,'shipping-free-threshold','How much do I need to spend to get free shipping?','Standard shipping is free on US orders of $75 or more, counted after discounts and before tax. For Canada the free-shipping threshold is $150. Express and overnight shipping are always charged.','Standard shipping is free on US orders of seventy-five dollars or more, and on Canadian orders over one hundred fifty dollars.','["whats the minimum for free shipping", "free shipping over how much", "do you have free delivery", "if i add socks will i get free shipping", "free shiping threshold"]','["shipping", "pricing"]',1,NULL,'2026-12-01 16:54:07.773132');
INSERT INTO "faq_entries" VALUES(39,'shipping-international-canada','Do you ship to Canada?','Yes. We ship to Canada in 5 to 8 business days. Standard shipping costs $14.95 and is free on orders over $150. Duties and taxes are collected at checkout, so there is nothing to pay on delivery. See https://shop.example.com/shipping for details.','Yes, we ship to Canada. It takes five to eight business days and costs fourteen ninety-five, free over one hundred fifty dollars. Duties are paid at checkout.','["can you deliver to canada", "do you ship internationally to canada", "shipping to toronto", "how long does delivery to canada take"]','["shipping", "international"]',1,NULL,'2026-12-01 16:54:07.773877');
INSERT INTO "faq_entries" VALUES(40,'shipping-international-other','Do you ship to countries outside the US and Canada?','We ship to the UK, the EU, Australia, New Zealand and Japan in 7 to 14 business days, with rates from $24.95 shown at checkout. Duties and import taxes for these countries are not included and are collected by the carrier on delivery. Some items, like fuel canisters and bear spray, can''t ship outside the US; see https://shop.example.com/shipping/international for the full list.','We ship to the UK, the EU, Australia, New Zealand and Japan. Delivery takes seven to fourteen business days, from about twenty-five dollars, and the carrier collects import duties on delivery.','["do you deliver to europe", "can i order from the uk", "shipping to australia cost", "uh do you send stuff overseas", "wich countries do you ship to"]','["shipping", "international"]',1,NULL,'2026-12-01 16:54:07.774386');
INSERT INTO "faq_entries" VALUES(41,'shipping-po-box','Can you ship to a PO box?','Yes, we ship to PO boxes and APO/FPO/DPO military addresses using USPS standard shipping, which takes 4 to 7 business days. Express and overnight can''t go to PO boxes, and oversized items like large tents may need a street address.','Yes, we ship to P O boxes and military addresses by standard mail, which takes four to seven business days. Express and overnight can''t be sent to a P O box.','["do you deliver to p.o. boxes", "can i use my po box as the shipping address", "ship to apo address", "shipping to a post office box", "uh i only have a po box is that ok"]','["shipping", "address"]',1,NULL,'2026-12-01 16:54:07.774888');
INSERT INTO "faq_entries" VALUES(42,'shipping-lost-parcel','My parcel is lost. What should I do?','If your tracking hasn''t updated for 5 business days, or it shows delivered but you can''t find the package, contact us within 30 days of the ship date. We''ll open a claim with the carrier and send a free replacement or issue a full refund, usually within 2 business days. Please check with neighbors and around your porch first, as carriers sometimes leave parcels in a safe spot.','If tracking hasn''t moved in five business days, or it says delivered but you don''t have it, contact us within thirty days. We''ll send a replacement or refund you, usually within two business days.','["tracking says delivered but i never got it", "my package hasn''t moved in a week", "where is my parcel it never arrived", "i think my order got stolen off my porch", "lost pakage"]','["shipping", "delivery-issue"]',1,NULL,'2026-12-01 16:54:07.775380');
INSERT INTO "faq_entries" VALUES(43,'warranty-coverage','What warranty do your products have?','Everything we sell has a 2-year warranty from the date of purchase against defects in materials and workmanship, such as failed seams, broken zippers or delaminating soles. If a covered defect can''t be repaired, we replace the item or refund you. Some brands add their own longer warranty on top of ours.','Everything we sell has a two-year warranty against manufacturing defects. If we can''t repair it, we replace it or refund you.','["how long is the warranty", "is my jacket under guarantee", "do tents have a warranty", "whats covered by your warranty", "uh is there like a 2 year guarantee"]','["warranty"]',1,NULL,'2026-12-01 16:54:07.775864');
INSERT INTO "faq_entries" VALUES(44,'warranty-how-to-claim','How do I make a warranty claim?','Submit the form at https://shop.example.com/warranty with your order number, a short description and clear photos of the defect. We reply within 3 business days and email you a free prepaid label if we need the item sent in. You can also bring the item and your receipt to any of our stores.','Fill in the warranty form on our website with your order number and photos of the problem. We''ll reply within three business days and send a free shipping label if needed.','["my zipper broke how do i claim warranty", "where do i send a defective tent", "warranty claim form", "the sole came off my boots after 6 months what now", "uh how do i file a warranty thing"]','["warranty", "claims"]',1,NULL,'2026-12-01 16:54:07.776488');
INSERT INTO "faq_entries" VALUES(45,'warranty-exclusions','What isn''t covered by the warranty?','The warranty doesn''t cover normal wear and tear, like worn-down tread, faded fabric or pilling, or damage from accidents, misuse, fire, pets or improper washing. It also excludes items altered or repaired by someone else and products bought from unauthorized resellers. Not sure? Send photos through the warranty form and we''ll tell you.','The warranty doesn''t cover normal wear and tear, accidents, misuse or damage from washing the wrong way. If you''re not sure, send us photos and we''ll check.','["does warranty cover wear and tear", "my dog chewed my backpack straps is that covered", "burned a hole in my jacket at the campfire warranty?", "is accidental damage covered", "what voids the warranty"]','["warranty", "exclusions"]',1,NULL,'2026-12-01 16:54:07.777100');
INSERT INTO "faq_entries" VALUES(46,'warranty-repairs','Do you repair gear that''s out of warranty?','Yes. Our repair center fixes zippers, seams, tent poles, buckles and small tears for a flat fee starting at $15, for example $25 for a jacket zipper or $20 for a tent pole section. Request a quote at https://shop.example.com/repairs or drop the item at any store; repairs take 2 to 3 weeks plus shipping.','Yes, we repair zippers, seams, tent poles and tears starting at fifteen dollars. Request a quote online or drop the item at a store, and repairs take two to three weeks.','["can you fix my tent pole", "how much to replace a zipper", "repair service for old jackets", "my backpack buckle snapped can you replace it", "uh do you guys do repairs"]','["warranty", "repairs"]',1,NULL,'2026-12-01 16:54:07.777673');
INSERT INTO "faq_entries" VALUES(47,'warranty-no-receipt','Can I make a warranty claim without a receipt?','Yes. If you ordered online or gave your email or phone number in store, we can look up the purchase for you. Without any proof of purchase, we use the product''s manufacturing date to work out the 2-year period. Gifts are covered too, so just send the gift receipt if you have one.','Yes. We can usually find your purchase from your email or phone number. Without any record, we use the product''s manufacturing date instead.','["i lost my receipt can i still get warranty", "the jacket was a gift does the warranty apply", "no proof of purchase warranty", "uh i threw away the box and receipt"]','["warranty", "claims"]',1,NULL,'2026-12-01 16:54:07.778170');
CREATE TABLE faq_versions (
	id INTEGER NOT NULL, 
	entry_id INTEGER NOT NULL, 
	version INTEGER NOT NULL, 
	change VARCHAR(16) NOT NULL, 
	snapshot TEXT NOT NULL, 
	changed_by VARCHAR(120) NOT NULL, 
	changed_at DATETIME NOT NULL, 
	PRIMARY KEY (id), 
	FOREIGN KEY(entry_id) REFERENCES faq_entries (id)
);
INSERT INTO "faq_versions" VALUES(1,1,1,'create','{"question": "How do I create an account?", "answer": "Click Sign In at the top of any page, choose Create Account and enter your name, email and a password of at least 8 characters. You''ll get a confirmation email, and any past orders placed with that email are added to your account automatically. You can also check out as a guest without an account.", "voice_answer": "Select Sign In, then Create Account, and enter your name, email and a password. Past orders with that email are added automatically.", "alternates": ["how do i sign up", "register new account", "can i make an account after i already ordered", "do i need an account to order", "uh how do i make a profile on your site"], "tags": ["account"], "deleted": false}','import','2026-12-01 16:54:07.751743');
INSERT INTO "faq_versions" VALUES(2,2,1,'create','{"question": "How do I reset my password?", "answer": "Click Sign In, then Forgot Password, and enter your account email; we''ll send a reset link that works for 60 minutes. If it doesn''t arrive within 10 minutes, check your spam folder or ask us by chat to resend it.", "voice_answer": "Select Sign In, then Forgot Password, and we''ll email you a reset link that works for one hour.", "alternates": ["forgot my password", "cant log in to my account", "password reset link not working", "i''m locked out of my account", "uh i don''t remember my login"], "tags": ["account", "login"], "deleted": false}','import','2026-12-01 16:54:07.753247');
INSERT INTO "faq_versions" VALUES(3,3,1,'create','{"question": "How do I change the email address on my account?", "answer": "Sign in, go to Account Settings, then Login and Security, and enter your new email and current password. We send a confirmation link to the new address, and the change takes effect once you click it. Orders placed before the change keep sending updates to the old email.", "voice_answer": "Sign in, go to Account Settings, then Login and Security, and enter your new email. Then click the link we send to confirm it.", "alternates": ["update my email address", "i have a new email how do i change it", "change login email", "my old email doesnt work anymore", "uh can i switch the email on my profile"], "tags": ["account"], "deleted": false}','import','2026-12-01 16:54:07.753877');
INSERT INTO "faq_versions" VALUES(4,4,1,'create','{"question": "How do I delete my account?", "answer": "Go to Account Settings, then Privacy, and choose Delete Account, or ask us by chat or phone. We close the account within 30 days and erase your personal data, except order records we must keep for 7 years for tax purposes. Any unused loyalty points and store credit are lost, so use them first.", "voice_answer": "Go to Account Settings, then Privacy, and choose Delete Account. Any points and store credit you haven''t used will be lost.", "alternates": ["close my account", "i want to remove my profile", "how do i deactivate my account", "delete my account and all my info", "uh i dont want an account with you anymore"], "tags": ["account", "privacy"], "deleted": false}','import','2026-12-01 16:54:07.754421');
INSERT INTO "faq_versions" VALUES(5,5,1,'create','{"question": "How do loyalty points work?", "answer": "Members of our free Trail Rewards program earn 1 point per $1 spent, and every 200 points turns into a $10 reward you can use at checkout online or in store. Points post 30 days after your order ships, once the return window has passed, and expire after 12 months without any activity. Join for free at https://shop.example.com/rewards.", "voice_answer": "You earn one point for every dollar you spend, and two hundred points gives you a ten-dollar reward. Points show up thirty days after your order ships.", "alternates": ["how many points do i get per dollar", "trail rewards program", "when do my points expire", "why havent my points shown up yet", "uh how do i use my rewards points"], "tags": ["account", "loyalty"], "deleted": false}','import','2026-12-01 16:54:07.754938');
INSERT INTO "faq_versions" VALUES(6,6,1,'create','{"question": "How do I use my store credit?", "answer": "Store credit is saved in your account and applied at checkout when you tick Use Store Credit, or in store when you give your email. It covers any product and shipping, can be combined with another payment method, and never expires. You can see your balance under Account, then Wallet.", "voice_answer": "Your store credit is saved in your account. Just choose Use Store Credit at checkout, or give your email in store. It never expires.", "alternates": ["how do i spend my store credit", "where can i see my credit balance", "apply credit from a return to a new order", "does store credit expire", "uh i have a credit on my account how do i use it"], "tags": ["account", "store-credit"], "deleted": false}','import','2026-12-01 16:54:07.755447');
INSERT INTO "faq_versions" VALUES(7,7,1,'create','{"question": "What are your store opening hours during the week?", "answer": "Our stores are open Monday to Friday from 9 a.m. to 8 p.m. and Saturday from 9 a.m. to 6 p.m., local time. Hours for each location are listed at https://shop.example.com/stores.", "voice_answer": "Our stores are open from nine in the morning to eight in the evening Monday to Friday, and from nine to six on Saturday.", "alternates": ["what time does the store open on monday", "when do you close tonight", "store hours saturday", "are you open at 8 am on weekdays", "uh whats the latest i can come in on a friday"], "tags": ["hours", "store"], "deleted": false}','import','2026-12-01 16:54:07.755945');
INSERT INTO "faq_versions" VALUES(8,8,1,'create','{"question": "Is the store open on Sunday?", "answer": "Yes, our stores are open on Sundays from 11 a.m. to 5 p.m. local time. Please note that our customer service phone line is closed on Sundays, but live chat is available.", "voice_answer": "Yes, our stores are open on Sundays from eleven in the morning to five in the afternoon.", "alternates": ["what time does the shop open on sunday", "sunday opening hours", "are you guys open sundays", "can i come to the store this sunday afternoon", "sunday hrs"], "tags": ["hours", "store"], "deleted": false}','import','2026-12-01 16:54:07.756814');
INSERT INTO "faq_versions" VALUES(9,9,1,'create','{"question": "What are your opening hours on public holidays?", "answer": "Stores, phone and chat are closed on Thanksgiving Day, Christmas Day and New Year''s Day. On Christmas Eve and New Year''s Eve stores close early at 4 p.m., and on other public holidays like Memorial Day, July 4th and Labor Day stores follow Sunday hours, 11 a.m. to 5 p.m. Holiday hours for each store are posted at https://shop.example.com/stores two weeks ahead.", "voice_answer": "We''re closed on Thanksgiving, Christmas Day and New Year''s Day. We close at four on Christmas Eve and New Year''s Eve, and other holidays have Sunday hours, eleven to five.", "alternates": ["are you open on thanksgiving", "christmas eve hours", "open on memorial day?", "holiday opening times", "uh are you open on the fourth of july"], "tags": ["hours", "holidays"], "deleted": false}','import','2026-12-01 16:54:07.757429');
INSERT INTO "faq_versions" VALUES(10,10,1,'create','{"question": "What are your customer service phone hours?", "answer": "You can call customer service at 1-800-555-0142 Monday to Friday from 8 a.m. to 8 p.m. ET and Saturday from 9 a.m. to 5 p.m. ET. The phone line is closed on Sundays and major holidays, but live chat is open every day.", "voice_answer": "You can call us Monday to Friday from eight a.m. to eight p.m. Eastern, and Saturday from nine to five. The phone line is closed on Sundays.", "alternates": ["when can i call you", "what time does customer support pick up the phone", "is the helpline open on sunday", "customer service number hours", "uh can i call somebody right now"], "tags": ["hours", "contact"], "deleted": false}','import','2026-12-01 16:54:07.757970');
INSERT INTO "faq_versions" VALUES(11,11,1,'create','{"question": "When is live chat available?", "answer": "Live chat is available 7 days a week from 8 a.m. to 10 p.m. ET, including Sundays. Start a chat from the help icon at the bottom right of any page or in our app. Outside those hours, leave a message and we''ll email you back within 1 business day.", "voice_answer": "Live chat is open every day from eight a.m. to ten p.m. Eastern, Sundays included. Outside those hours, leave a message and we''ll email you back.", "alternates": ["is there live chat", "chat support hours", "can i talk to an agent online late at night", "what time does the chat close", "uh is anyone on chat right now"], "tags": ["hours", "contact"], "deleted": false}','import','2026-12-01 16:54:07.758472');
INSERT INTO "faq_versions" VALUES(12,12,1,'create','{"question": "Can I change or cancel my order?", "answer": "You can change the address, size or color, or cancel your order, within 1 hour of placing it from Order History in your account. After that it''s usually already being packed, so contact us by chat or phone right away and we''ll try; if it has shipped, you''ll need to return it instead. Cancelled orders are refunded within 2 business days.", "voice_answer": "You can change or cancel an order within one hour from your order history. After that, contact us quickly, and if it has already shipped, you can return it.", "alternates": ["cancel my order", "i put the wrong address on my order", "can i change the size before it ships", "i ordered by mistake please cancel", "uh can i still edit my order"], "tags": ["orders", "changes"], "deleted": false}','import','2026-12-01 16:54:07.758961');
INSERT INTO "faq_versions" VALUES(13,13,1,'create','{"question": "Can I add an item to an order I already placed?", "answer": "We can''t add items to an order once it''s placed, because it goes straight to our warehouse. Just place a second order; if you place it within 1 hour of the first and ship it to the same address, we''ll refund the extra shipping cost. If the first order hasn''t shipped yet, you can also cancel it and reorder everything together.", "voice_answer": "We can''t add items to a placed order, but if you place a second order within an hour to the same address, we''ll refund the extra shipping.", "alternates": ["i forgot to add socks to my order", "add something to an existing order", "can you combine two orders", "uh can i put one more thing in my order", "add a item to order already placed"], "tags": ["orders", "changes"], "deleted": false}','import','2026-12-01 16:54:07.759440');
INSERT INTO "faq_versions" VALUES(14,14,1,'create','{"question": "An item is missing from my parcel. What should I do?", "answer": "Some orders ship in more than one box from different warehouses, so check your shipping confirmation email to see if another parcel is still on its way. If everything shows delivered and an item is missing, contact us within 14 days with your order number and a photo of the packing slip, and we''ll ship the missing item free or refund it.", "voice_answer": "Check your shipping email first, since some orders come in more than one box. If something is still missing, contact us within fourteen days and we''ll send it or refund it.", "alternates": ["my package came but the jacket wasnt in it", "only got part of my order", "box arrived with one item missing", "uh i ordered 2 things and only 1 showed up", "incomplete order recieved"], "tags": ["orders", "delivery-issue"], "deleted": false}','import','2026-12-01 16:54:07.759926');
INSERT INTO "faq_versions" VALUES(15,15,1,'create','{"question": "My item arrived damaged. What can I do?", "answer": "Sorry about that. Send us photos of the item and the box within 14 days of delivery through https://shop.example.com/help or by chat, and we''ll ship a free replacement or refund you in full. Return shipping is free, and for bulky items like tents we may not need the item back at all.", "voice_answer": "Sorry about that. Send us photos of the item and the box within fourteen days, and we''ll send a replacement or refund you. Returning it is free.", "alternates": ["the box was crushed and my tent poles are bent", "item arrived broken", "my jacket came ripped", "received a damaged product", "uh the backpack has a tear right out of the package"], "tags": ["orders", "delivery-issue"], "deleted": false}','import','2026-12-01 16:54:07.760409');
INSERT INTO "faq_versions" VALUES(16,16,1,'create','{"question": "Do you offer gift wrapping?", "answer": "Yes. Choose Gift Wrap at checkout for $5.95 per item and add a free gift message. We can also leave prices off the packing slip at no charge if you tick This Is a Gift. Oversized items like tents can''t be wrapped, but they can still include a gift message.", "voice_answer": "Yes, gift wrap costs five ninety-five per item, and gift messages are free. We can also leave prices off the packing slip.", "alternates": ["can you wrap it as a present", "gift receipt with no prices", "add a gift message", "is gift wrapping available for christmas", "uh can you send it straight to my brother as a gift"], "tags": ["orders", "gifts"], "deleted": false}','import','2026-12-01 16:54:07.761002');
INSERT INTO "faq_versions" VALUES(17,17,1,'create','{"question": "I didn''t receive an order confirmation email. What should I do?", "answer": "Confirmation emails usually arrive within 15 minutes, so first check your spam and promotions folders for mail from orders@shop.example.com. If it''s not there, sign in and look under Order History; if the order is listed, it went through. Contact us by chat and we''ll resend the confirmation and fix your email address if there was a typo.", "voice_answer": "It usually arrives within fifteen minutes, so check your spam folder first. You can also see the order in your account, and we can resend the email by chat.", "alternates": ["no confirmation email", "did my order go through", "i never got an email after checking out", "order confirmation not in my inbox", "uh how do i know if my order worked"], "tags": ["orders", "email"], "deleted": false}','import','2026-12-01 16:54:07.761533');
INSERT INTO "faq_versions" VALUES(18,18,1,'create','{"question": "What payment methods do you accept?", "answer": "We accept Visa, Mastercard, American Express, Discover, debit cards, Apple Pay, Google Pay, PayPal and our gift cards. In stores we also take cash and contactless payments. You can split an order between one gift card and one other payment method.", "voice_answer": "We accept all major credit and debit cards, Apple Pay, Google Pay, PayPal and gift cards. In stores we also take cash.", "alternates": ["can i pay with amex", "do you take apple pay", "which cards do you accept", "can i use a gift card and my credit card together", "uh do you take debit cards"], "tags": ["payments"], "deleted": false}','import','2026-12-01 16:54:07.762023');
INSERT INTO "faq_versions" VALUES(19,19,1,'create','{"question": "Can I pay with PayPal?", "answer": "Yes. Choose PayPal at checkout and you''ll be sent to PayPal to log in and confirm; your order is placed once you come back to our site. Refunds for PayPal orders go back to your PayPal account, usually within 24 hours of us processing the return.", "voice_answer": null, "alternates": ["do you accept paypal", "pay pal option at checkout", "can i check out with my paypal balance", "i want to use paypal instead of my card", "pyapal payment"], "tags": ["payments", "paypal"], "deleted": false}','import','2026-12-01 16:54:07.762503');
INSERT INTO "faq_versions" VALUES(20,20,1,'create','{"question": "Can I buy now and pay later in installments?", "answer": "Yes. With Klarna or Afterpay you can split orders between $35 and $1,000 into 4 interest-free payments, one every 2 weeks. Pick either option at checkout; approval is instant and only a soft credit check is done. Klarna also offers monthly financing on orders over $250, see https://shop.example.com/financing.", "voice_answer": "Yes. With Klarna or Afterpay you can split orders from thirty-five to one thousand dollars into four interest-free payments. Just choose one at checkout.", "alternates": ["do you have afterpay", "can i pay in installments", "klarna available?", "can i split the payment for a tent into 4", "uh is there a payment plan option"], "tags": ["payments", "financing"], "deleted": false}','import','2026-12-01 16:54:07.762994');
INSERT INTO "faq_versions" VALUES(21,21,1,'create','{"question": "Why was my card declined?", "answer": "Declines usually happen when the billing address or ZIP code doesn''t match your bank''s records, the expiration date or security code is wrong, or your bank blocks an unusual online purchase. Check your details, call your bank to approve the charge, then try again or use PayPal or another card. A declined attempt doesn''t charge you, though a temporary hold may show for a few days.", "voice_answer": "Usually the billing address or security code doesn''t match, or your bank blocked the purchase. Check your details, call your bank, and try again or use another payment method.", "alternates": ["my payment didnt go through", "card keeps getting rejected at checkout", "transaction failed but i have money in my account", "why wont my visa work", "uh it says payment declined what do i do"], "tags": ["payments", "troubleshooting"], "deleted": false}','import','2026-12-01 16:54:07.763479');
INSERT INTO "faq_versions" VALUES(22,22,1,'create','{"question": "Can my business pay by invoice?", "answer": "Yes. Businesses, schools and clubs can apply for a business account at https://shop.example.com/business to pay by invoice with net-30 terms on orders of $500 or more. Approval takes about 2 business days, and we can add your PO number and tax-exempt certificate to every invoice. Every order also comes with a downloadable itemized invoice in your account.", "voice_answer": "Yes. Businesses can apply for a business account to pay by invoice with thirty-day terms on orders of five hundred dollars or more. Approval takes about two business days.", "alternates": ["do you offer net 30 terms", "i need an invoice for my company", "can our scout troop pay with a purchase order", "tax exempt purchase for a school", "uh how do i get an itemized invoice for my expense report"], "tags": ["payments", "business"], "deleted": false}','import','2026-12-01 16:54:07.763952');
INSERT INTO "faq_versions" VALUES(23,23,1,'create','{"question": "What currency are prices charged in?", "answer": "All prices are shown and charged in US dollars. If you pay with a card issued outside the US, your bank converts the amount and may add a foreign transaction fee. Canadian customers see an estimated total in CAD at checkout for reference, but the charge is still in USD.", "voice_answer": "Everything is charged in US dollars. If your card is from another country, your bank does the conversion and may add a small fee.", "alternates": ["can i pay in canadian dollars", "are your prices in usd", "will i be charged in euros", "why was my card charged a foreign transaction fee", "uh what currency is the price in"], "tags": ["payments", "international"], "deleted": false}','import','2026-12-01 16:54:07.764440');
INSERT INTO "faq_versions" VALUES(24,24,1,'create','{"question": "What personal data do you keep about me?", "answer": "We keep your name, contact details, addresses, order and return history and loyalty activity, plus how you use our website and app. Card numbers are handled by our payment processor and never stored by us, and we never sell your data. Order records are kept for 7 years for tax purposes, and marketing data is deleted 3 years after your last activity. Full details are at https://shop.example.com/privacy.", "voice_answer": "We keep your contact details, addresses, order history and loyalty activity. We never store your card number and never sell your data.", "alternates": ["what information do you store on me", "do you save my credit card number", "how long do you keep my data", "do you sell my personal information", "uh what do you know about me"], "tags": ["privacy", "data"], "deleted": false}','import','2026-12-01 16:54:07.765006');
INSERT INTO "faq_versions" VALUES(25,25,1,'create','{"question": "How can I get a copy of my personal data?", "answer": "Request a copy at https://shop.example.com/privacy/request or by emailing privacy@shop.example.com from your account email. We verify your identity and send a downloadable file of everything we hold about you within 30 days, free of charge.", "voice_answer": "Request it through the privacy page on our website or email our privacy team. We''ll send you a file with all your data within thirty days, free.", "alternates": ["download my data", "data access request", "send me a copy of my information", "can i export my account data", "uh how do i get my data file"], "tags": ["privacy", "data"], "deleted": false}','import','2026-12-01 16:54:07.765525');
INSERT INTO "faq_versions" VALUES(26,26,1,'create','{"question": "How do I unsubscribe from marketing emails?", "answer": "Click Unsubscribe at the bottom of any marketing email, or turn off emails under Account Settings, then Communication Preferences; it takes effect within 48 hours. To stop text messages, reply STOP to any of them. You''ll still get messages about your orders, returns and account security.", "voice_answer": "Select unsubscribe at the bottom of any of our emails, or change your communication preferences in your account. For texts, reply stop. You''ll still get messages about your orders.", "alternates": ["stop sending me emails", "too many promo emails", "opt out of newsletter", "how do i stop texts from you", "uh take me off your mailing list"], "tags": ["privacy", "marketing"], "deleted": false}','import','2026-12-01 16:54:07.766006');
INSERT INTO "faq_versions" VALUES(27,27,1,'create','{"question": "What cookies does your website use?", "answer": "We use essential cookies to run the cart and checkout, plus analytics and advertising cookies only if you accept them. You can change your choice anytime via Cookie Settings at the bottom of every page. More details are in our cookie policy at https://shop.example.com/cookies.", "voice_answer": "We use essential cookies for the cart and checkout, and analytics or ad cookies only if you agree. You can change this in Cookie Settings at the bottom of any page.", "alternates": ["do you track me with cookies", "how do i turn off tracking cookies", "change my cookie settings", "what is the cookie banner about", "uh why does your site want cookies"], "tags": ["privacy", "cookies"], "deleted": false}','import','2026-12-01 16:54:07.766633');
INSERT INTO "faq_versions" VALUES(28,28,1,'create','{"question": "Are my customer service calls recorded?", "answer": "Yes, calls may be recorded for training and quality purposes, and you''ll hear a message before the call connects. Recordings are stored securely and deleted after 90 days. If you''d rather not be recorded, tell the agent and they''ll turn recording off or continue by chat or email.", "voice_answer": "Yes, calls may be recorded for training and quality, and recordings are deleted after ninety days. If you''d rather not be recorded, just tell the agent.", "alternates": ["do you record phone calls", "is this call being recorded", "can i ask not to be recorded", "how long do you keep call recordings", "uh are you taping this"], "tags": ["privacy", "phone"], "deleted": false}','import','2026-12-01 16:54:07.767140');
INSERT INTO "faq_versions" VALUES(29,29,1,'create','{"question": "What is your return policy?", "answer": "You can return most items within 30 days of delivery for a full refund, as long as they''re unused, in original condition and with tags attached. Start a return at https://shop.example.com/returns with your order number and email, or bring the item to any of our stores. Items marked Final Sale can''t be returned.", "voice_answer": "You can return most unused items with tags within thirty days of delivery for a full refund. Start the return on our website or bring it to any of our stores.", "alternates": ["how many days do i have to return something", "can i still return a jacket i bought 3 weeks ago", "how do i send something back", "retrun policy", "uh whats the deadline for returns"], "tags": ["returns", "policy"], "deleted": false}','import','2026-12-01 16:54:07.767652');
INSERT INTO "faq_versions" VALUES(30,30,1,'create','{"question": "Can I return shoes I''ve only tried on indoors?", "answer": "Yes. Shoes and boots worn indoors only can be returned within 30 days of delivery for a full refund, as long as the soles are clean and unmarked and you include the original box. We inspect every pair, so please try them on carpet or a clean floor.", "voice_answer": "Yes. Shoes worn only indoors can be returned within thirty days if the soles are clean and they''re in the original box.", "alternates": ["i tried the boots on at home and they dont fit can i return them", "return shoes i only wore around the house", "can i send back hiking shoes i wore on carpet for a day", "uh can i send back shoes i wore once inside", "the trail runners are too small ive only walked in my apartment"], "tags": ["returns", "footwear"], "deleted": false}','import','2026-12-01 16:54:07.768142');
INSERT INTO "faq_versions" VALUES(31,31,1,'create','{"question": "Can I return shoes I''ve worn outside?", "answer": "Shoes with outdoor wear, such as dirt, scuffs or worn tread on the soles, can''t be returned for a refund or exchange. If they developed a defect, like a sole separating or a seam splitting, you can file a warranty claim instead at https://shop.example.com/warranty. Unworn or indoor-only shoes can still be returned within 30 days.", "voice_answer": "Shoes that have been worn outside can''t be returned. If they have a defect, like a sole coming loose, you can make a warranty claim instead.", "alternates": ["i wore my boots on one hike can i still return them", "return shoes that have been used on the trail", "the sneakers have mud on them can i send them back", "uh i wore them outside for a walk and they hurt, can i return", "can i return running shoes after a few runs"], "tags": ["returns", "footwear"], "deleted": false}','import','2026-12-01 16:54:07.768643');
INSERT INTO "faq_versions" VALUES(32,32,1,'create','{"question": "How long does it take to get my refund?", "answer": "We process refunds within 5 business days of your return arriving at our warehouse, and you''ll get an email when it''s done. The money goes back to your original payment method and usually shows up in 3 to 5 business days for cards, or within 24 hours for PayPal. Returns made in a store are refunded on the spot.", "voice_answer": "We process refunds within five business days of receiving your return. It then takes three to five business days to show up on your card, or about a day for PayPal.", "alternates": ["when will i get my money back", "i sent my return 2 weeks ago still no refund", "how long do refunds take to show on my card", "refund status", "uh did you get my return yet i havent been refunded"], "tags": ["returns", "refunds"], "deleted": false}','import','2026-12-01 16:54:07.770174');
INSERT INTO "faq_versions" VALUES(33,33,1,'create','{"question": "How do I exchange an item for a different size or color?", "answer": "Start an exchange at https://shop.example.com/returns within 30 days of delivery and choose the new size or color. Exchanges are free, and we ship the replacement as soon as the carrier scans your return, so you don''t have to wait for it to reach us. If you want a different product, return the original for a refund and place a new order.", "voice_answer": "Start an exchange on our returns page within thirty days and pick the new size or color. Exchanges are free, and we ship the new item as soon as your return is scanned.", "alternates": ["can i swap my jacket for a bigger size", "exchange boots for half a size up", "i ordered the wrong colour can i change it", "how do exchanges work", "uh these pants are too long can i get a shorter inseam instead"], "tags": ["returns", "exchanges"], "deleted": false}','import','2026-12-01 16:54:07.770727');
INSERT INTO "faq_versions" VALUES(34,34,1,'create','{"question": "Do I have to pay for return shipping?", "answer": "Returns by mail use our prepaid UPS label, and $5.95 is deducted from your refund; exchanges and returns of faulty or wrong items are free. Returning an item in any of our stores is always free. If you use your own carrier, you pay the postage and we recommend a tracked service.", "voice_answer": "Mail returns cost five ninety-five, taken from your refund. Exchanges, faulty items and in-store returns are free.", "alternates": ["is return shipping free", "how much does it cost to send something back", "do you provide a return label", "will you charge me for the return postage", "who pays for shipping on returns"], "tags": ["returns", "shipping"], "deleted": false}','import','2026-12-01 16:54:07.771228');
INSERT INTO "faq_versions" VALUES(35,35,1,'create','{"question": "Can I return items I bought on sale?", "answer": "Yes. Sale and clearance items can be returned within 30 days of delivery, unused with tags, but they''re refunded as store credit rather than to your card. Items marked Final Sale, including ex-demo tents and outlet gear, can''t be returned or exchanged.", "voice_answer": "Yes, sale items can be returned within thirty days, but you get store credit instead of a refund to your card. Final sale items can''t be returned.", "alternates": ["are clearance items returnable", "i bought a discounted jacket can i return it", "return policy for final sale", "can i get a refund on something from the black friday sale", "uh the tent was on sale does that matter for returning it"], "tags": ["returns", "sale"], "deleted": false}','import','2026-12-01 16:54:07.771730');
INSERT INTO "faq_versions" VALUES(36,36,1,'create','{"question": "How long does standard shipping take and how much does it cost?", "answer": "Standard shipping within the contiguous US takes 3 to 5 business days and costs $6.95. Orders placed before 1 p.m. ET on a business day ship the same day. Delivery to Alaska and Hawaii takes 5 to 9 business days at the same price.", "voice_answer": "Standard shipping in the US takes three to five business days and costs six ninety-five. Orders placed before one p.m. Eastern on a weekday ship the same day.", "alternates": ["how long does shipping take", "whats the delivery time for a normal order", "how much is regular shipping", "uh when will my boots get here if i pick standard", "shiping cost to texas"], "tags": ["shipping", "domestic"], "deleted": false}','import','2026-12-01 16:54:07.772219');
INSERT INTO "faq_versions" VALUES(37,37,1,'create','{"question": "Do you offer express or overnight shipping?", "answer": "Yes. Express shipping delivers in 1 to 2 business days within the contiguous US for $19.95, and overnight delivery costs $34.95. Order before 1 p.m. ET Monday to Friday for same-day dispatch; express and overnight aren''t available to PO boxes, Alaska or Hawaii.", "voice_answer": "Yes. Express takes one to two business days for nineteen ninety-five, and overnight is thirty-four ninety-five. Order before one p.m. Eastern on a weekday to have it ship the same day.", "alternates": ["can i get it faster", "next day delivery option?", "how much is expedited shipping", "i need my tent by friday can you rush it", "is there overnite shipping"], "tags": ["shipping", "express"], "deleted": false}','import','2026-12-01 16:54:07.772704');
INSERT INTO "faq_versions" VALUES(38,38,1,'create','{"question": "How much do I need to spend to get free shipping?", "answer": "Standard shipping is free on US orders of $75 or more, counted after discounts and before tax. For Canada the free-shipping threshold is $150. Express and overnight shipping are always charged.", "voice_answer": "Standard shipping is free on US orders of seventy-five dollars or more, and on Canadian orders over one hundred fifty dollars.", "alternates": ["whats the minimum for free shipping", "free shipping over how much", "do you have free delivery", "if i add socks will i get free shipping", "free shiping threshold"], "tags": ["shipping", "pricing"], "deleted": false}','import','2026-12-01 16:54:07.773328');
INSERT INTO "faq_versions" VALUES(39,39,1,'create','{"question": "Do you ship to Canada?", "answer": "Yes. We ship to Canada in 5 to 8 business days. Standard shipping costs $14.95 and is free on orders over $150. Duties and taxes are collected at checkout, so there is nothing to pay on delivery. See https://shop.example.com/shipping for details.", "voice_answer": "Yes, we ship to Canada. It takes five to eight business days and costs fourteen ninety-five, free over one hundred fifty dollars. Duties are paid at checkout.", "alternates": ["can you deliver to canada", "do you ship internationally to canada", "shipping to toronto", "how long does delivery to canada take"], "tags": ["shipping", "international"], "deleted": false}','import','2026-12-01 16:54:07.774068');
INSERT INTO "faq_versions" VALUES(40,40,1,'create','{"question": "Do you ship to countries outside the US and Canada?", "answer": "We ship to the UK, the EU, Australia, New Zealand and Japan in 7 to 14 business days, with rates from $24.95 shown at checkout. Duties and import taxes for these countries are not included and are collected by the carrier on delivery. Some items, like fuel canisters and bear spray, can''t ship outside the US; see https://shop.example.com/shipping/international for the full list.", "voice_answer": "We ship to the UK, the EU, Australia, New Zealand and Japan. Delivery takes seven to fourteen business days, from about twenty-five dollars, and the carrier collects import duties on delivery.", "alternates": ["do you deliver to europe", "can i order from the uk", "shipping to australia cost", "uh do you send stuff overseas", "wich countries do you ship to"], "tags": ["shipping", "international"], "deleted": false}','import','2026-12-01 16:54:07.774573');
INSERT INTO "faq_versions" VALUES(41,41,1,'create','{"question": "Can you ship to a PO box?", "answer": "Yes, we ship to PO boxes and APO/FPO/DPO military addresses using USPS standard shipping, which takes 4 to 7 business days. Express and overnight can''t go to PO boxes, and oversized items like large tents may need a street address.", "voice_answer": "Yes, we ship to P O boxes and military addresses by standard mail, which takes four to seven business days. Express and overnight can''t be sent to a P O box.", "alternates": ["do you deliver to p.o. boxes", "can i use my po box as the shipping address", "ship to apo address", "shipping to a post office box", "uh i only have a po box is that ok"], "tags": ["shipping", "address"], "deleted": false}','import','2026-12-01 16:54:07.775069');
INSERT INTO "faq_versions" VALUES(42,42,1,'create','{"question": "My parcel is lost. What should I do?", "answer": "If your tracking hasn''t updated for 5 business days, or it shows delivered but you can''t find the package, contact us within 30 days of the ship date. We''ll open a claim with the carrier and send a free replacement or issue a full refund, usually within 2 business days. Please check with neighbors and around your porch first, as carriers sometimes leave parcels in a safe spot.", "voice_answer": "If tracking hasn''t moved in five business days, or it says delivered but you don''t have it, contact us within thirty days. We''ll send a replacement or refund you, usually within two business days.", "alternates": ["tracking says delivered but i never got it", "my package hasn''t moved in a week", "where is my parcel it never arrived", "i think my order got stolen off my porch", "lost pakage"], "tags": ["shipping", "delivery-issue"], "deleted": false}','import','2026-12-01 16:54:07.775559');
INSERT INTO "faq_versions" VALUES(43,43,1,'create','{"question": "What warranty do your products have?", "answer": "Everything we sell has a 2-year warranty from the date of purchase against defects in materials and workmanship, such as failed seams, broken zippers or delaminating soles. If a covered defect can''t be repaired, we replace the item or refund you. Some brands add their own longer warranty on top of ours.", "voice_answer": "Everything we sell has a two-year warranty against manufacturing defects. If we can''t repair it, we replace it or refund you.", "alternates": ["how long is the warranty", "is my jacket under guarantee", "do tents have a warranty", "whats covered by your warranty", "uh is there like a 2 year guarantee"], "tags": ["warranty"], "deleted": false}','import','2026-12-01 16:54:07.776048');
INSERT INTO "faq_versions" VALUES(44,44,1,'create','{"question": "How do I make a warranty claim?", "answer": "Submit the form at https://shop.example.com/warranty with your order number, a short description and clear photos of the defect. We reply within 3 business days and email you a free prepaid label if we need the item sent in. You can also bring the item and your receipt to any of our stores.", "voice_answer": "Fill in the warranty form on our website with your order number and photos of the problem. We''ll reply within three business days and send a free shipping label if needed.", "alternates": ["my zipper broke how do i claim warranty", "where do i send a defective tent", "warranty claim form", "the sole came off my boots after 6 months what now", "uh how do i file a warranty thing"], "tags": ["warranty", "claims"], "deleted": false}','import','2026-12-01 16:54:07.776685');
INSERT INTO "faq_versions" VALUES(45,45,1,'create','{"question": "What isn''t covered by the warranty?", "answer": "The warranty doesn''t cover normal wear and tear, like worn-down tread, faded fabric or pilling, or damage from accidents, misuse, fire, pets or improper washing. It also excludes items altered or repaired by someone else and products bought from unauthorized resellers. Not sure? Send photos through the warranty form and we''ll tell you.", "voice_answer": "The warranty doesn''t cover normal wear and tear, accidents, misuse or damage from washing the wrong way. If you''re not sure, send us photos and we''ll check.", "alternates": ["does warranty cover wear and tear", "my dog chewed my backpack straps is that covered", "burned a hole in my jacket at the campfire warranty?", "is accidental damage covered", "what voids the warranty"], "tags": ["warranty", "exclusions"], "deleted": false}','import','2026-12-01 16:54:07.777296');
INSERT INTO "faq_versions" VALUES(46,46,1,'create','{"question": "Do you repair gear that''s out of warranty?", "answer": "Yes. Our repair center fixes zippers, seams, tent poles, buckles and small tears for a flat fee starting at $15, for example $25 for a jacket zipper or $20 for a tent pole section. Request a quote at https://shop.example.com/repairs or drop the item at any store; repairs take 2 to 3 weeks plus shipping.", "voice_answer": "Yes, we repair zippers, seams, tent poles and tears starting at fifteen dollars. Request a quote online or drop the item at a store, and repairs take two to three weeks.", "alternates": ["can you fix my tent pole", "how much to replace a zipper", "repair service for old jackets", "my backpack buckle snapped can you replace it", "uh do you guys do repairs"], "tags": ["warranty", "repairs"], "deleted": false}','import','2026-12-01 16:54:07.777862');
INSERT INTO "faq_versions" VALUES(47,47,1,'create','{"question": "Can I make a warranty claim without a receipt?", "answer": "Yes. If you ordered online or gave your email or phone number in store, we can look up the purchase for you. Without any proof of purchase, we use the product''s manufacturing date to work out the 2-year period. Gifts are covered too, so just send the gift receipt if you have one.", "voice_answer": "Yes. We can usually find your purchase from your email or phone number. Without any record, we use the product''s manufacturing date instead.", "alternates": ["i lost my receipt can i still get warranty", "the jacket was a gift does the warranty apply", "no proof of purchase warranty", "uh i threw away the box and receipt"], "tags": ["warranty", "claims"], "deleted": false}','import','2026-12-01 16:54:07.778345');
CREATE TABLE handoff_messages (
	id INTEGER NOT NULL, 
	handoff_id INTEGER NOT NULL, 
	role VARCHAR(8) NOT NULL, 
	text TEXT NOT NULL, 
	author VARCHAR(64), 
	at DATETIME NOT NULL, 
	outgoing BOOLEAN NOT NULL, 
	delivered_at DATETIME, 
	PRIMARY KEY (id), 
	FOREIGN KEY(handoff_id) REFERENCES handoffs (id)
);
INSERT INTO "handoff_messages" VALUES(1,1,'user','where is my order?',NULL,'2026-11-20 10:00:00.000000',0,NULL);
INSERT INTO "handoff_messages" VALUES(2,1,'bot','Order O1001 is on its way.',NULL,'2026-11-20 10:00:00.000000',0,NULL);
INSERT INTO "handoff_messages" VALUES(3,1,'bot','You''re now connected with alice from our team.',NULL,'2026-12-01 16:54:08.043130',1,NULL);
INSERT INTO "handoff_messages" VALUES(4,1,'agent','Hi Ada, I can change it for you.','alice','2026-12-01 16:54:08.052741',1,NULL);
INSERT INTO "handoff_messages" VALUES(5,1,'user','thanks, to 5 Main St please',NULL,'2026-12-01 16:54:08.055417',0,NULL);
CREATE TABLE handoffs (
	id INTEGER NOT NULL, 
	conversation_id VARCHAR(255) NOT NULL, 
	channel VARCHAR(32) NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	reason VARCHAR(64) NOT NULL, 
	skill VARCHAR(16) NOT NULL, 
	priority INTEGER NOT NULL, 
	tier VARCHAR(16) NOT NULL, 
	customer_id VARCHAR(64), 
	verified BOOLEAN NOT NULL, 
	summary TEXT NOT NULL, 
	slots TEXT NOT NULL, 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	offered_to INTEGER, 
	offered_at DATETIME, 
	passed_over TEXT NOT NULL, 
	overdue_at DATETIME, 
	assigned_to INTEGER, 
	assigned_at DATETIME, 
	closed_at DATETIME, 
	resolution VARCHAR(64), 
	return_to_bot BOOLEAN, 
	PRIMARY KEY (id), 
	FOREIGN KEY(offered_to) REFERENCES users (id), 
	FOREIGN KEY(assigned_to) REFERENCES users (id)
);
INSERT INTO "handoffs" VALUES(1,'conv-old-1','socketio','assigned','customer_request','orders',3,'vip','C001',1,'wants to change the delivery address','{"customer_id": "C001"}','2026-12-01 16:54:08.036885','2026-12-01 16:54:08.055417',NULL,NULL,'[]',NULL,1,'2026-12-01 16:54:08.043130',NULL,NULL,NULL);
CREATE TABLE leads (
	id INTEGER NOT NULL, 
	name VARCHAR(200) NOT NULL, 
	phone VARCHAR(32) NOT NULL, 
	email VARCHAR(320) NOT NULL, 
	interest TEXT NOT NULL, 
	best_time VARCHAR(200) NOT NULL, 
	reason VARCHAR(32) NOT NULL, 
	source_channel VARCHAR(32) NOT NULL, 
	conversation_id VARCHAR(255) NOT NULL, 
	customer_id VARCHAR(64), 
	status VARCHAR(16) NOT NULL, 
	owner VARCHAR(64), 
	created_at DATETIME NOT NULL, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "leads" VALUES(1,'Dana Lee','+15551239999','dana@example.com','business plan for 20 seats','mornings','sales','socketio','conv-old-2',NULL,'new',NULL,'2026-12-01 16:54:08.058752','2026-12-01 16:54:08.058752');
CREATE TABLE orders (
	order_id VARCHAR(64) NOT NULL, 
	customer_id VARCHAR(64) NOT NULL, 
	placed_at DATE NOT NULL, 
	status VARCHAR(16) NOT NULL, 
	total NUMERIC(14, 2) NOT NULL, 
	currency VARCHAR(3) NOT NULL, 
	items TEXT NOT NULL, 
	PRIMARY KEY (order_id), 
	FOREIGN KEY(customer_id) REFERENCES customers (customer_id)
);
INSERT INTO "orders" VALUES('1001','C020','2026-08-22','returned',155.6,'GBP','1x fleece; 1x hydration pack; 1x running shorts');
INSERT INTO "orders" VALUES('1002','C027','2026-11-16','cancelled',102.4,'GBP','2x daypack');
INSERT INTO "orders" VALUES('1003','C026','2026-10-29','delivered',346,'USD','1x sleeping bag; 2x hydration pack; 2x beanie');
INSERT INTO "orders" VALUES('1004','C010','2026-11-20','placed',64.95,'USD','1x trail shoes');
INSERT INTO "orders" VALUES('1005','C010','2026-11-16','shipped',189,'USD','1x down jacket');
INSERT INTO "orders" VALUES('1006','C016','2026-11-15','packed',223.8,'USD','1x daypack; 2x trekking poles');
INSERT INTO "orders" VALUES('1007','C013','2026-10-18','returned',149,'USD','1x hiking boots');
INSERT INTO "orders" VALUES('1008','C017','2026-11-20','packed',60.16,'EUR','1x daypack');
INSERT INTO "orders" VALUES('1009','C016','2026-11-21','packed',63.5,'USD','1x beanie; 1x gaiters');
INSERT INTO "orders" VALUES('1010','C028','2026-11-16','paid',216,'USD','1x tent');
INSERT INTO "orders" VALUES('1011','C014','2026-10-23','returned',22,'USD','1x dry bag');
INSERT INTO "orders" VALUES('1012','C021','2026-11-20','shipped',129,'USD','1x sleeping bag');
INSERT INTO "orders" VALUES('1013','C010','2026-08-24','returned',29,'USD','1x sun hat');
INSERT INTO "orders" VALUES('1014','C006','2026-11-15','paid',103.5,'USD','1x gaiters; 1x daypack');
INSERT INTO "orders" VALUES('1015','C005','2026-11-18','shipped',167.32,'EUR','2x backpack');
INSERT INTO "orders" VALUES('1016','C016','2026-08-14','delivered',12,'USD','1x wool socks');
INSERT INTO "orders" VALUES('1017','C016','2026-10-29','delivered',119.5,'USD','1x hydration pack; 1x running shorts');
INSERT INTO "orders" VALUES('1018','C009','2026-08-13','delivered',240,'USD','1x beanie; 1x tent');
INSERT INTO "orders" VALUES('1019','C014','2026-11-20','paid',35,'USD','1x running shorts');
INSERT INTO "orders" VALUES('1020','C004','2026-11-01','delivered',22,'USD','1x dry bag');
INSERT INTO "orders" VALUES('1021','C021','2026-11-12','packed',59,'USD','1x rain jacket');
INSERT INTO "orders" VALUES('1022','C017','2026-11-07','shipped',27.26,'EUR','1x sun hat');
INSERT INTO "orders" VALUES('1023','C008','2026-09-20','delivered',379,'USD','2x sleeping bag; 1x sleeping pad; 1x insulated mug');
INSERT INTO "orders" VALUES('1024','C022','2026-11-14','packed',118,'USD','2x rain jacket');
INSERT INTO "orders" VALUES('1025','C004','2026-11-21','packed',397.9,'USD','1x trekking poles; 1x sleeping bag; 1x down jacket');
INSERT INTO "orders" VALUES('1026','C030','2026-11-21','placed',91,'USD','1x insulated mug; 1x daypack');
INSERT INTO "orders" VALUES('1027','C033','2026-11-13','paid',22,'USD','1x dry bag');
INSERT INTO "orders" VALUES('1028','C024','2026-08-12','delivered',130,'USD','1x base layer; 1x daypack; 1x wool socks');
INSERT INTO "orders" VALUES('1029','C019','2026-11-20','paid',64.95,'USD','1x trail shoes');
INSERT INTO "orders" VALUES('1030','C030','2026-11-18','placed',27,'USD','1x insulated mug');
INSERT INTO "orders" VALUES('1031','C029','2026-11-17','paid',158.34,'EUR','1x rain jacket; 1x gaiters; 1x camp stove');
INSERT INTO "orders" VALUES('1032','C021','2026-11-22','cancelled',158.9,'USD','1x trekking poles; 1x softshell pants');
INSERT INTO "orders" VALUES('1033','C004','2026-11-03','delivered',253.95,'USD','1x down jacket; 1x trail shoes');
INSERT INTO "orders" VALUES('1034','C019','2026-11-13','paid',35,'USD','1x running shorts');
INSERT INTO "orders" VALUES('1035','C017','2026-10-06','delivered',203.04,'EUR','1x tent');
INSERT INTO "orders" VALUES('1036','C024','2026-09-30','cancelled',98.5,'USD','1x daypack; 1x headlamp');
INSERT INTO "orders" VALUES('1037','C030','2026-10-21','delivered',69.95,'USD','1x camp stove');
INSERT INTO "orders" VALUES('1038','C024','2026-10-07','returned',268,'USD','1x down jacket; 1x softshell pants');
INSERT INTO "orders" VALUES('1039','C011','2026-11-22','paid',456,'USD','2x hiking boots; 2x softshell pants');
INSERT INTO "orders" VALUES('1040','C021','2026-10-03','delivered',166.45,'USD','1x wool socks; 1x camp stove; 1x hydration pack');
INSERT INTO "orders" VALUES('1041','C033','2026-10-15','cancelled',106.9,'USD','1x insulated mug; 1x trekking poles');
INSERT INTO "orders" VALUES('1042','C001','2026-11-02','shipped',129.9,'USD','2x trail shoes');
INSERT INTO "orders" VALUES('1043','C002','2026-10-20','delivered',59,'USD','1x rain jacket');
INSERT INTO "orders" VALUES('1044','C003','2026-11-18','packed',34.5,'USD','1x headlamp');
INSERT INTO "orders" VALUES('1045','C001','2026-11-15','paid',89,'USD','1x backpack');
INSERT INTO "orders" VALUES('1046','C001','2026-10-05','delivered',240,'USD','1x tent; 2x wool socks');
INSERT INTO "orders" VALUES('1047','C001','2026-09-12','returned',75,'USD','1x fleece');
INSERT INTO "orders" VALUES('1048','C026','2026-11-19','shipped',84.49,'USD','1x camp chair; 1x headlamp');
INSERT INTO "orders" VALUES('1049','C029','2026-09-03','delivered',227.01,'EUR','1x sleeping pad; 1x sleeping bag; 1x water bottle');
INSERT INTO "orders" VALUES('1050','C021','2026-09-13','delivered',259.9,'USD','2x softshell pants; 1x trekking poles; 1x dry bag');
INSERT INTO "orders" VALUES('1051','C019','2026-11-20','shipped',149,'USD','1x hiking boots');
INSERT INTO "orders" VALUES('1052','C027','2026-11-20','packed',87.12,'GBP','1x sun hat; 1x trekking poles');
INSERT INTO "orders" VALUES('1053','C019','2026-09-20','delivered',133,'USD','1x softshell pants; 1x base layer');
INSERT INTO "orders" VALUES('1054','C026','2026-11-18','shipped',29,'USD','1x sun hat');
INSERT INTO "orders" VALUES('1055','C031','2026-11-17','placed',450.5,'USD','1x water bottle; 2x tent');
INSERT INTO "orders" VALUES('1056','C019','2026-08-06','returned',75,'USD','1x fleece');
INSERT INTO "orders" VALUES('1057','C004','2026-08-01','cancelled',218.95,'USD','1x camp stove; 1x hiking boots');
INSERT INTO "orders" VALUES('1058','C004','2026-11-21','paid',149,'USD','1x hiking boots');
INSERT INTO "orders" VALUES('1059','C021','2026-09-09','delivered',173.95,'USD','1x sun hat; 1x fleece; 1x camp stove');
INSERT INTO "orders" VALUES('1060','C008','2026-11-15','paid',69.95,'USD','1x camp stove');
INSERT INTO "orders" VALUES('1061','C026','2026-11-07','delivered',109.45,'USD','1x gaiters; 1x camp stove');
INSERT INTO "orders" VALUES('1062','C017','2026-11-06','shipped',304.56,'EUR','2x water bottle; 2x hydration pack; 2x rain jacket');
INSERT INTO "orders" VALUES('1063','C030','2026-11-13','paid',41,'USD','1x wool socks; 1x sun hat');
INSERT INTO "orders" VALUES('1064','C027','2026-11-11','shipped',190.4,'GBP','1x sleeping pad; 2x headlamp; 1x fleece');
INSERT INTO "orders" VALUES('1065','C011','2026-11-21','placed',153.45,'USD','1x base layer; 1x headlamp; 1x trail shoes');
INSERT INTO "orders" VALUES('1066','C014','2026-11-17','placed',193,'USD','1x daypack; 1x sleeping bag');
INSERT INTO "orders" VALUES('1067','C010','2026-08-22','cancelled',201.5,'USD','1x base layer; 1x water bottle; 1x sleeping bag');
INSERT INTO "orders" VALUES('1068','C021','2026-11-19','shipped',34.5,'USD','1x headlamp');
INSERT INTO "orders" VALUES('1069','C006','2026-11-12','packed',54,'USD','1x base layer');
INSERT INTO "orders" VALUES('1070','C012','2026-11-21','packed',271.48,'EUR','1x sleeping bag; 2x trekking poles');
INSERT INTO "orders" VALUES('1071','C007','2026-11-09','shipped',236.4,'USD','1x dry bag; 2x trail shoes; 1x hydration pack');
INSERT INTO "orders" VALUES('1072','C014','2026-11-20','shipped',94,'USD','1x sleeping pad');
INSERT INTO "orders" VALUES('1073','C012','2026-11-22','paid',87.89,'EUR','1x base layer; 1x gaiters');
INSERT INTO "orders" VALUES('1074','C026','2026-11-11','packed',182,'USD','2x softshell pants; 1x beanie');
INSERT INTO "orders" VALUES('1075','C004','2026-10-24','cancelled',207.5,'USD','2x gaiters; 1x sleeping pad; 1x headlamp');
INSERT INTO "orders" VALUES('1076','C015','2026-11-15','paid',627,'USD','2x water bottle; 2x softshell pants; 2x tent');
INSERT INTO "orders" VALUES('1077','C026','2026-11-11','packed',22,'USD','1x dry bag');
INSERT INTO "orders" VALUES('1078','C032','2026-11-10','shipped',115.57,'EUR','1x sun hat; 1x camp stove; 1x beanie');
INSERT INTO "orders" VALUES('1079','C004','2026-11-22','paid',108,'USD','2x base layer');
INSERT INTO "orders" VALUES('1080','C014','2026-11-17','placed',189,'USD','1x down jacket');
INSERT INTO "orders" VALUES('1081','C004','2026-11-20','placed',248,'USD','1x down jacket; 1x rain jacket');
INSERT INTO "orders" VALUES('1082','C025','2026-08-28','delivered',107.5,'USD','1x backpack; 1x water bottle');
INSERT INTO "orders" VALUES('1083','C032','2026-11-16','paid',93.06,'EUR','1x running shorts; 1x daypack');
INSERT INTO "orders" VALUES('1084','C014','2026-11-16','cancelled',58.5,'USD','1x headlamp; 1x beanie');
INSERT INTO "orders" VALUES('1085','C029','2026-10-09','cancelled',83.66,'EUR','1x backpack');
INSERT INTO "orders" VALUES('1086','C019','2026-10-09','delivered',193,'USD','1x sleeping bag; 1x daypack');
INSERT INTO "orders" VALUES('1087','C019','2026-11-18','placed',248.9,'USD','1x trekking poles; 2x hydration pack');
INSERT INTO "orders" VALUES('1088','C011','2026-11-15','packed',191,'USD','2x fleece; 1x sun hat; 1x wool socks');
INSERT INTO "orders" VALUES('1089','C020','2026-11-09','shipped',245.6,'GBP','1x sleeping pad; 1x daypack; 1x hiking boots');
INSERT INTO "orders" VALUES('1090','C019','2026-09-18','delivered',444,'USD','1x tent; 1x hiking boots; 2x gaiters');
INSERT INTO "orders" VALUES('1091','C007','2026-11-13','packed',216,'USD','1x tent');
INSERT INTO "orders" VALUES('1092','C012','2026-08-24','delivered',70.5,'EUR','1x fleece');
INSERT INTO "orders" VALUES('1093','C022','2026-08-02','delivered',148,'USD','1x sleeping pad; 1x base layer');
INSERT INTO "orders" VALUES('1094','C021','2026-09-16','cancelled',139.9,'USD','2x camp stove');
INSERT INTO "orders" VALUES('1095','C019','2026-08-16','delivered',108,'USD','2x base layer');
INSERT INTO "orders" VALUES('1096','C009','2026-11-21','packed',34.5,'USD','1x headlamp');
INSERT INTO "orders" VALUES('1097','C009','2026-11-19','paid',138.99,'USD','1x backpack; 1x camp chair');
INSERT INTO "orders" VALUES('1098','C007','2026-11-13','shipped',24,'USD','1x beanie');
INSERT INTO "orders" VALUES('1099','C019','2026-09-01','cancelled',293,'USD','1x tent; 1x sun hat; 2x beanie');
INSERT INTO "orders" VALUES('1100','C004','2026-11-20','placed',258,'USD','2x sleeping bag');
INSERT INTO "orders" VALUES('1101','C026','2026-11-21','paid',39.5,'USD','1x gaiters');
INSERT INTO "orders" VALUES('1102','C016','2026-09-11','cancelled',129.9,'USD','2x trail shoes');
INSERT INTO "orders" VALUES('1103','C026','2026-10-26','cancelled',108.95,'USD','2x dry bag; 1x trail shoes');
INSERT INTO "orders" VALUES('1104','C025','2026-11-21','placed',133.4,'USD','1x running shorts; 1x trekking poles; 1x water bottle');
INSERT INTO "orders" VALUES('1105','C014','2026-11-14','packed',79,'USD','1x softshell pants');
INSERT INTO "orders" VALUES('1106','C013','2026-10-07','delivered',173,'USD','1x beanie; 1x hiking boots');
INSERT INTO "orders" VALUES('1107','C030','2026-11-15','packed',79,'USD','1x softshell pants');
INSERT INTO "orders" VALUES('1108','C018','2026-11-19','placed',54,'USD','1x base layer');
INSERT INTO "orders" VALUES('1109','C014','2026-08-09','delivered',322.95,'USD','1x trail shoes; 2x sleeping bag');
INSERT INTO "orders" VALUES('1110','C004','2026-08-20','cancelled',129,'USD','1x fleece; 1x base layer');
INSERT INTO "orders" VALUES('1111','C029','2026-11-19','placed',187.85,'EUR','2x trail shoes; 1x camp stove');
INSERT INTO "orders" VALUES('1112','C029','2026-09-01','delivered',22.56,'EUR','1x beanie');
INSERT INTO "orders" VALUES('1113','C016','2026-09-14','returned',113.5,'USD','1x headlamp; 1x softshell pants');
INSERT INTO "orders" VALUES('1114','C033','2026-10-08','returned',106,'USD','1x sleeping pad; 1x wool socks');
INSERT INTO "orders" VALUES('1115','C015','2026-11-10','shipped',79.9,'USD','1x trekking poles');
INSERT INTO "orders" VALUES('1116','C011','2026-11-21','placed',432,'USD','2x tent');
INSERT INTO "orders" VALUES('1117','C014','2026-11-18','placed',104.45,'USD','1x headlamp; 1x camp stove');
INSERT INTO "orders" VALUES('1118','C007','2026-11-22','placed',29,'USD','1x sun hat');
INSERT INTO "orders" VALUES('1119','C032','2026-11-18','paid',126.8,'EUR','1x trail shoes; 1x camp stove');
INSERT INTO "orders" VALUES('1120','C024','2026-08-19','cancelled',76.99,'USD','1x camp chair; 1x insulated mug');
INSERT INTO "orders" VALUES('1121','C018','2026-11-18','placed',278,'USD','1x hiking boots; 1x sleeping bag');
INSERT INTO "orders" VALUES('1122','C019','2026-11-13','shipped',84.5,'USD','1x hydration pack');
INSERT INTO "orders" VALUES('1123','C011','2026-09-21','cancelled',27,'USD','1x insulated mug');
INSERT INTO "orders" VALUES('1124','C019','2026-11-15','packed',97.5,'USD','1x water bottle; 1x softshell pants');
INSERT INTO "orders" VALUES('1125','C023','2026-10-26','delivered',208,'USD','1x hiking boots; 1x rain jacket');
INSERT INTO "orders" VALUES('1126','C008','2026-10-31','returned',69.95,'USD','1x camp stove');
INSERT INTO "orders" VALUES('1127','C030','2026-10-24','delivered',65,'USD','3x wool socks; 1x sun hat');
INSERT INTO "orders" VALUES('1128','C028','2026-11-19','packed',54,'USD','1x base layer');
INSERT INTO "orders" VALUES('1129','C017','2026-08-24','delivered',461.54,'EUR','2x tent; 1x rain jacket');
INSERT INTO "orders" VALUES('1130','C009','2026-11-10','shipped',79,'USD','1x softshell pants');
CREATE TABLE pin_lockouts (
	subject VARCHAR(96) NOT NULL, 
	failures INTEGER DEFAULT '0' NOT NULL, 
	locked_until DATETIME, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (subject)
);
INSERT INTO "pin_lockouts" VALUES('customer:C002',1,NULL,'2026-12-01 16:54:08.071283');
CREATE TABLE shipments (
	tracking_number VARCHAR(64) NOT NULL, 
	order_id VARCHAR(64) NOT NULL, 
	carrier VARCHAR(64) NOT NULL, 
	status VARCHAR(24) NOT NULL, 
	last_location VARCHAR(200) NOT NULL, 
	eta DATE, 
	updated_at DATETIME NOT NULL, 
	PRIMARY KEY (tracking_number), 
	FOREIGN KEY(order_id) REFERENCES orders (order_id)
);
INSERT INTO "shipments" VALUES('1ZX37O349V452J6HY6','1001','UPS','delivered','Kansas City MO','2026-08-25','2026-08-25 14:05:00.000000');
INSERT INTO "shipments" VALUES('1ZO3X0AYHZNIM1NJBX','1003','UPS','delivered','Omaha NE','2026-11-07','2026-11-07 10:45:00.000000');
INSERT INTO "shipments" VALUES('783368734157','1005','FedEx','out_for_delivery','Kansas City MO','2026-11-23','2026-11-23 06:40:00.000000');
INSERT INTO "shipments" VALUES('9623003053099616014683','1007','USPS','delivered','Denver CO','2026-10-25','2026-10-25 09:45:00.000000');
INSERT INTO "shipments" VALUES('1Z4698KS1W6S5Q3N5E','1008','UPS','label_created','Memphis TN','2026-11-28','2026-11-21 20:10:00.000000');
INSERT INTO "shipments" VALUES('9322503508465214594222','1011','USPS','delivered','Columbus OH','2026-10-28','2026-10-28 18:35:00.000000');
INSERT INTO "shipments" VALUES('JD586352064379414608','1012','DHL','in_transit','Ontario CA','2026-11-23','2026-11-22 19:35:00.000000');
INSERT INTO "shipments" VALUES('JD474944028695326117','1013','DHL','delivered','Kansas City MO','2026-08-31','2026-08-31 13:25:00.000000');
INSERT INTO "shipments" VALUES('JD287433024098144863','1015','DHL','out_for_delivery','Kansas City MO','2026-11-23','2026-11-23 08:05:00.000000');
INSERT INTO "shipments" VALUES('1ZOIOVE6GR2V6OHVA9','1016','UPS','delivered','Sacramento CA','2026-08-21','2026-08-21 13:00:00.000000');
INSERT INTO "shipments" VALUES('JD516903574359140677','1017','DHL','delivered','Sacramento CA','2026-11-03','2026-11-03 13:35:00.000000');
INSERT INTO "shipments" VALUES('JD154558396444253090','1018','DHL','delivered','Richmond VA','2026-08-16','2026-08-16 15:30:00.000000');
INSERT INTO "shipments" VALUES('JD003727753638683375','1020','DHL','delivered','Madison WI','2026-11-05','2026-11-05 12:25:00.000000');
INSERT INTO "shipments" VALUES('9908927946641366625613','1021','USPS','label_created','Reno NV','2026-12-01','2026-11-13 15:50:00.000000');
INSERT INTO "shipments" VALUES('159865062048','1022','FedEx','in_transit','Louisville KY','2026-11-23','2026-11-22 14:35:00.000000');
INSERT INTO "shipments" VALUES('9417636887607304394037','1023','USPS','delivered','Spokane WA','2026-09-24','2026-09-24 18:45:00.000000');
INSERT INTO "shipments" VALUES('9621964213645609876417','1028','USPS','delivered','Portland OR','2026-08-20','2026-08-20 14:40:00.000000');
INSERT INTO "shipments" VALUES('9293825437996200588451','1033','USPS','delivered','Madison WI','2026-11-06','2026-11-06 10:20:00.000000');
INSERT INTO "shipments" VALUES('9383972226418306475620','1035','USPS','delivered','Phoenix AZ','2026-10-10','2026-10-10 09:55:00.000000');
INSERT INTO "shipments" VALUES('716501296138','1037','FedEx','delivered','Kansas City MO','2026-10-29','2026-10-29 12:45:00.000000');
INSERT INTO "shipments" VALUES('JD646078056380335839','1038','DHL','delivered','Portland OR','2026-10-13','2026-10-13 17:55:00.000000');
INSERT INTO "shipments" VALUES('937789396911','1040','FedEx','delivered','Kansas City MO','2026-10-11','2026-10-11 14:30:00.000000');
INSERT INTO "shipments" VALUES('1Z999AA10123456784','1042','UPS','in_transit','Denver CO','2026-11-25','2026-11-21 08:10:00.000000');
INSERT INTO "shipments" VALUES('771234567890','1043','FedEx','delivered','Omaha NE','2026-10-24','2026-10-24 14:02:00.000000');
INSERT INTO "shipments" VALUES('1Z4F6A0P0398751244','1046','UPS','delivered','Boise ID','2026-10-09','2026-10-09 16:45:00.000000');
INSERT INTO "shipments" VALUES('9405511899560000000001','1047','USPS','delivered','Reno NV','2026-09-16','2026-09-16 11:20:00.000000');
INSERT INTO "shipments" VALUES('9117624241200797894105','1048','USPS','exception','Indianapolis IN','2026-11-28','2026-11-22 07:45:00.000000');
INSERT INTO "shipments" VALUES('JD620428587386975517','1049','DHL','delivered','Des Moines IA','2026-09-09','2026-09-09 12:45:00.000000');
INSERT INTO "shipments" VALUES('103216750735','1050','FedEx','delivered','Kansas City MO','2026-09-19','2026-09-19 10:20:00.000000');
INSERT INTO "shipments" VALUES('433322406793','1051','FedEx','in_transit','Chicago IL','2026-11-29','2026-11-22 06:15:00.000000');
INSERT INTO "shipments" VALUES('JD694136683939589168','1053','DHL','delivered','Raleigh NC','2026-09-27','2026-09-27 17:40:00.000000');
INSERT INTO "shipments" VALUES('JD411004872591293883','1054','DHL','in_transit','Louisville KY','2026-12-02','2026-11-22 20:45:00.000000');
INSERT INTO "shipments" VALUES('9552703521174649176279','1056','USPS','delivered','Raleigh NC','2026-08-11','2026-08-11 09:35:00.000000');
INSERT INTO "shipments" VALUES('JD034936992326784232','1059','DHL','delivered','Kansas City MO','2026-09-16','2026-09-16 13:35:00.000000');
INSERT INTO "shipments" VALUES('1ZQ92ILEDZLGYAPG32','1061','UPS','delivered','Omaha NE','2026-11-14','2026-11-14 14:15:00.000000');
INSERT INTO "shipments" VALUES('1ZRF61Z1IFJZ6RY0KX','1062','UPS','in_transit','Salt Lake City UT','2026-11-26','2026-11-21 18:30:00.000000');
INSERT INTO "shipments" VALUES('306451317140','1064','FedEx','in_transit','Dallas TX','2026-11-30','2026-11-22 18:30:00.000000');
INSERT INTO "shipments" VALUES('9185787215379625331934','1068','USPS','out_for_delivery','Kansas City MO','2026-11-23','2026-11-23 08:55:00.000000');
INSERT INTO "shipments" VALUES('134712421870','1069','FedEx','label_created','Reno NV','2026-11-27','2026-11-13 20:20:00.000000');
INSERT INTO "shipments" VALUES('1ZKQGB6667K2SEC9W7','1070','UPS','label_created','Columbus OH','2026-11-30','2026-11-21 15:10:00.000000');
INSERT INTO "shipments" VALUES('JD321545073041442105','1071','DHL','in_transit','Ontario CA','2026-11-26','2026-11-21 00:25:00.000000');
INSERT INTO "shipments" VALUES('9994620273245527222686','1072','USPS','in_transit','Ontario CA','2026-12-01','2026-11-22 06:45:00.000000');
INSERT INTO "shipments" VALUES('1Z8MC9BF9YE53W5RLU','1077','UPS','label_created','Columbus OH','2026-11-27','2026-11-11 16:35:00.000000');
INSERT INTO "shipments" VALUES('1Z0HK66N6F1R54CBSC','1078','UPS','exception','Salt Lake City UT','2026-12-01','2026-11-20 08:50:00.000000');
INSERT INTO "shipments" VALUES('122281018305','1082','FedEx','delivered','Portland OR','2026-09-04','2026-09-04 14:00:00.000000');
INSERT INTO "shipments" VALUES('191613191150','1086','FedEx','delivered','Raleigh NC','2026-10-13','2026-10-13 10:10:00.000000');
INSERT INTO "shipments" VALUES('9754496796522876528501','1088','USPS','label_created','Reno NV','2026-11-30','2026-11-15 17:30:00.000000');
INSERT INTO "shipments" VALUES('834026044405','1089','FedEx','exception','Salt Lake City UT','2026-11-28','2026-11-19 20:40:00.000000');
INSERT INTO "shipments" VALUES('9116782688635239714086','1090','USPS','delivered','Raleigh NC','2026-09-21','2026-09-21 14:50:00.000000');
INSERT INTO "shipments" VALUES('9827800411068912441488','1092','USPS','delivered','Des Moines IA','2026-08-29','2026-08-29 14:00:00.000000');
INSERT INTO "shipments" VALUES('9215594951069878666572','1093','USPS','delivered','Omaha NE','2026-08-08','2026-08-08 13:40:00.000000');
INSERT INTO "shipments" VALUES('696698086009','1095','FedEx','delivered','Raleigh NC','2026-08-23','2026-08-23 18:05:00.000000');
INSERT INTO "shipments" VALUES('9512007158245128940589','1098','USPS','in_transit','Chicago IL','2026-11-30','2026-11-20 06:15:00.000000');
INSERT INTO "shipments" VALUES('1ZM3SA4M3QFWZUEZ47','1106','UPS','delivered','Denver CO','2026-10-12','2026-10-12 17:05:00.000000');
INSERT INTO "shipments" VALUES('9899143576557269625826','1109','USPS','delivered','Columbus OH','2026-08-15','2026-08-15 17:10:00.000000');
INSERT INTO "shipments" VALUES('9433158199029858469724','1112','USPS','delivered','Des Moines IA','2026-09-06','2026-09-06 15:50:00.000000');
INSERT INTO "shipments" VALUES('240152461475','1113','FedEx','delivered','Sacramento CA','2026-09-19','2026-09-19 18:05:00.000000');
INSERT INTO "shipments" VALUES('888512238806','1114','FedEx','delivered','Louisville KY','2026-10-15','2026-10-15 09:15:00.000000');
INSERT INTO "shipments" VALUES('9199648294479866145472','1115','USPS','out_for_delivery','Phoenix AZ','2026-11-23','2026-11-23 06:25:00.000000');
INSERT INTO "shipments" VALUES('JD220875695550870991','1122','DHL','in_transit','Dallas TX','2026-11-29','2026-11-21 03:55:00.000000');
INSERT INTO "shipments" VALUES('1ZQKCGJXF1YCNF6MAI','1125','UPS','delivered','Boise ID','2026-11-01','2026-11-01 14:05:00.000000');
INSERT INTO "shipments" VALUES('9831666864705809754851','1126','USPS','delivered','Spokane WA','2026-11-05','2026-11-05 17:25:00.000000');
INSERT INTO "shipments" VALUES('9008040512530761562196','1127','USPS','delivered','Kansas City MO','2026-10-30','2026-10-30 19:50:00.000000');
INSERT INTO "shipments" VALUES('1ZY3BKP4PM26PYT3ZQ','1129','UPS','delivered','Phoenix AZ','2026-08-30','2026-08-30 18:35:00.000000');
INSERT INTO "shipments" VALUES('JD887702278227795207','1130','DHL','exception','Chicago IL','2026-11-30','2026-11-21 19:40:00.000000');
CREATE TABLE unanswered_questions (
	id INTEGER NOT NULL, 
	normalized VARCHAR(500) NOT NULL, 
	text TEXT NOT NULL, 
	count INTEGER NOT NULL, 
	channel VARCHAR(32) NOT NULL, 
	conversation_id VARCHAR(255) NOT NULL, 
	first_seen DATETIME NOT NULL, 
	last_seen DATETIME NOT NULL, 
	resolved_at DATETIME, 
	PRIMARY KEY (id)
);
INSERT INTO "unanswered_questions" VALUES(1,'do you ship to mars','do you ship to Mars?',1,'socketio','conv-old-3','2026-12-01 16:54:08.068108','2026-12-01 16:54:08.068108',NULL);
CREATE TABLE users (
	id INTEGER NOT NULL, 
	username VARCHAR(64) NOT NULL, 
	password_hash VARCHAR(200) NOT NULL, 
	role VARCHAR(16) NOT NULL, 
	skills TEXT NOT NULL, 
	active BOOLEAN NOT NULL, 
	created_at DATETIME NOT NULL, 
	PRIMARY KEY (id)
);
INSERT INTO "users" VALUES(1,'alice','$argon2id$v=19$m=65536,t=3,p=4$PGOWQ9H4H7UuxfAnIxERZQ$0bvo8JRVwN/hUZwPC3pBFMAvaurzwd6zFBwF04gf/BA','agent','["billing", "orders"]',1,'2026-12-01 16:54:07.905800');
INSERT INTO "users" VALUES(2,'root','$argon2id$v=19$m=65536,t=3,p=4$/646x+4g7jOi/JXb/Akzgg$CZl2aTcWKlnTBhm/6xw2lXoJYux+dZt+7ELAhSDGqlQ','admin','[]',1,'2026-12-01 16:54:08.027418');
CREATE UNIQUE INDEX ix_customers_phone ON customers (phone);
CREATE UNIQUE INDEX ix_customers_email ON customers (email);
CREATE INDEX ix_orders_customer_id ON orders (customer_id);
CREATE INDEX ix_shipments_order_id ON shipments (order_id);
CREATE INDEX ix_accounts_customer_id ON accounts (customer_id);
CREATE UNIQUE INDEX ix_faq_entries_slug ON faq_entries (slug);
CREATE INDEX ix_faq_versions_entry_id ON faq_versions (entry_id);
CREATE UNIQUE INDEX ix_unanswered_questions_normalized ON unanswered_questions (normalized);
CREATE UNIQUE INDEX ix_users_username ON users (username);
CREATE INDEX ix_api_tokens_user_id ON api_tokens (user_id);
CREATE INDEX ix_handoffs_conversation_id ON handoffs (conversation_id);
CREATE INDEX ix_handoffs_status ON handoffs (status);
CREATE INDEX ix_handoffs_updated_at ON handoffs (updated_at);
CREATE INDEX ix_handoffs_assigned_to ON handoffs (assigned_to);
CREATE INDEX ix_handoff_messages_handoff_id ON handoff_messages (handoff_id);
CREATE INDEX ix_leads_conversation_id ON leads (conversation_id);
CREATE INDEX ix_leads_status ON leads (status);
CREATE INDEX ix_leads_created_at ON leads (created_at);
CREATE INDEX ix_conversations_conversation_id ON conversations (conversation_id);
CREATE INDEX ix_conversations_started_at ON conversations (started_at);
CREATE INDEX ix_conversations_channel ON conversations (channel);
CREATE INDEX ix_conversations_customer_id ON conversations (customer_id);
CREATE INDEX ix_audit_log_at ON audit_log (at);
CREATE INDEX ix_audit_log_username ON audit_log (username);
COMMIT;
