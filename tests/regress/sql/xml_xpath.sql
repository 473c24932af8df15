-- xpath / xpath_exists / XMLEXISTS: paths, predicates, functions, namespaces, results as
-- libxml prints them, errors
select xpath('/value', '<value>one</value>'), xpath('root', '<root/>'), xpath('/nosuchtag', '<root/>');
select xpath('//b', '<a>one <b>two</b> three <b>etc</b></a>'), xpath('//text()', '<root>&lt;</root>'), xpath('//@value', '<root value="&lt;"/>');
select xpath('//text()', '<local:data xmlns:local="http://127.0.0.1"><local:piece id="1">number one</local:piece><local:piece id="2" /></local:data>');
select xpath('//loc:piece/@id', '<local:data xmlns:local="http://127.0.0.1"><local:piece id="1">number one</local:piece><local:piece id="2" /></local:data>', array[array['loc', 'http://127.0.0.1']]);
select xpath('//loc:piece', '<local:data xmlns:local="http://127.0.0.1"><local:piece id="1">number one</local:piece><local:piece id="2" /></local:data>', array[array['loc', 'http://127.0.0.1']]);
select xpath('//loc:piece', '<local:data xmlns:local="http://127.0.0.1" xmlns="http://127.0.0.2"><local:piece id="1"><internal>number one</internal><internal2/></local:piece><local:piece id="2" /></local:data>', array[array['loc', 'http://127.0.0.1']]);
select xpath('count(//*)', '<root><sub/><sub/></root>'), xpath('count(//*)=0', '<root><sub/><sub/></root>'), xpath('count(//*)=3', '<root><sub/><sub/></root>'), xpath('name(/*)', '<root><sub/><sub/></root>');
select xpath('/a/b[2]/text()', '<a><b>1</b><b>2</b><b>3</b></a>'), xpath('//b[last()]', '<a><b>1</b><b>2</b><b>3</b></a>'), xpath('sum(//b)', '<a><b>1</b><b>2.5</b></a>'), xpath('string(/a)', '<a>x<b>y</b></a>');
select xpath('//b[@k="v"] | //c', '<a><c/><b k="v"/><b/></a>'), xpath('1 div 3', '<a/>'), xpath('//comment()', '<a><!--c--></a>'), xpath('//@*', '<a x="1" y="2&amp;"/>');
select xpath('/a/*[1]', '<a><q>1</q><r/></a>'), xpath('count(/a/*) > 1 and true()', '<a><q/><r/></a>'), xpath('contains(/a, "ell")', '<a>hello</a>'), xpath('/*', '<x:a xmlns:x="urn:x"/>');
select xpath(null, null) is null, xpath('/a', null) is null;
select xpath('', '<!-- error -->');
select xpath('''<<invalid>>''', '<root/>');
select xpath('/*', '<invalidns xmlns=''&lt;''/>');
select xpath('/*', '<nosuchprefix:tag/>');
select xpath('/a', 'not xml');
select xpath_exists('//town[text() = ''Toronto'']', '<towns><town>Bidford-on-Avon</town><town>Cwmbran</town><town>Bristol</town></towns>'::xml), xpath_exists('//town[text() = ''Cwmbran'']', '<towns><town>Bidford-on-Avon</town><town>Cwmbran</town><town>Bristol</town></towns>'::xml);
select xpath_exists('//loc:piece', '<local:data xmlns:local="http://127.0.0.1"><local:piece id="1"/></local:data>', array[array['loc', 'http://127.0.0.1']]), xpath_exists('count(/nothing)', '<a/>');
select xmlexists('//town[text() = ''Cwmbran'']' passing by ref '<towns><town>Bidford-on-Avon</town><town>Cwmbran</town><town>Bristol</town></towns>'), xmlexists('/menu/beer' passing '<menu><food/></menu>');
