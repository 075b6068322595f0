INSERT INTO `t` (`a`,`b`) VALUES ('x\'y',NULL),(0x414243,_binary 'z'),(-1.5e3,X'00ff');
CREATE TABLE t2 (a int, PRIMARY KEY (a));
INSERT INTO t2 VALUES (1),(2,3);