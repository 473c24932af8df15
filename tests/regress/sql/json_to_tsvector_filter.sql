-- json(b)_to_tsvector with a filter of value kinds (and keys), its flag errors
select jsonb_to_tsvector('english', '{"a": "aaa in bbb", "b": 123, "c": 456, "d": true, "f": false, "g": null}'::jsonb, '"all"');
select jsonb_to_tsvector('english', '{"a": "aaa in bbb", "b": 123, "c": 456, "d": true, "f": false, "g": null}'::jsonb, '["string", "numeric"]');
select json_to_tsvector('english', '{"a": "aaa in bbb", "b": 123, "c": 456, "d": true, "f": false, "g": null}'::json, '["key", "BOOLEAN"]');
select json_to_tsvector('{"a": "aaa in bbb", "b": 123.5}'::json, '"numeric"'), jsonb_to_tsvector('{"a": "aaa in bbb"}'::jsonb, '[]');
select jsonb_to_tsvector('english', '{"a": "aaa"}'::jsonb, '{"a": 1}');
select jsonb_to_tsvector('english', '{"a": "aaa"}'::jsonb, '[1]');
select json_to_tsvector('english', '{"a": "aaa"}'::json, '["strings"]');
