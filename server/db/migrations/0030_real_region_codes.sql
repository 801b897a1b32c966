-- Issue 10 point 16: installations seeded before this migration carry invented township codes for
-- 乌审旗 (苏里格经济开发区 150626100, 嘎鲁图镇 101 … 苏力德苏木 106) and invented communities
-- (<township>001 …), which collide with the national codes (统计用区划代码). Give those regions
-- their real codes (and the invented communities a real village of their township, or a local code
-- where the township has no village in the national list), keeping every id, so nothing that
-- references a region changes. Only rows with the invented code AND its name are touched: an
-- installation that has the real codes already is left alone. Paths (materialised) are rebuilt for
-- the whole banner, and the outbox's region paths follow.
CREATE TEMPORARY TABLE region_code_map (old_code text PRIMARY KEY, old_name text NOT NULL, new_code text NOT NULL, new_name text NOT NULL);
--> statement-breakpoint
INSERT INTO region_code_map (old_code, old_name, new_code, new_name) VALUES
  ('150626100', '苏里格经济开发区', '150626410', '苏里格经济开发区'),
  ('150626101', '嘎鲁图镇', '150626100', '嘎鲁图镇'),
  ('150626102', '乌审召镇', '150626101', '乌审召镇'),
  ('150626103', '图克镇', '150626102', '图克镇'),
  ('150626104', '乌兰陶勒盖镇', '150626103', '乌兰陶勒盖镇'),
  ('150626105', '无定河镇', '150626104', '无定河镇'),
  ('150626106', '苏力德苏木', '150626200', '苏力德苏木'),
  ('150626101001', '萨如拉社区', '150626100002', '萨拉乌素社区居民委员会'),
  ('150626101002', '团结社区', '150626100003', '苏里格社区居民委员会'),
  ('150626101003', '新华社区', '150626100004', '独贵龙社区居民委员会'),
  ('150626101004', '阳光社区', '150626100006', '南丁社区居委会'),
  ('150626102001', '召镇社区', '150626101001', '绿洲社区居民委员会'),
  ('150626102002', '巴音敖包嘎查', '150626101200', '乌审召嘎查村委员会'),
  ('150626103001', '图克社区', '150626102001', '阿吉泰社区居委会'),
  ('150626103002', '梅林庙嘎查', '150626102200', '梅林庙嘎查村委员会'),
  ('150626104001', '陶勒盖社区', '150626103001', '查干塔拉居民委员会'),
  ('150626104002', '巴音温都尔嘎查', '150626103200', '巴音希利嘎查村委员会'),
  ('150626105001', '无定河社区', '150626104001', '河园社区居委会'),
  ('150626105002', '河南嘎查', '150626104212', '河南村民委员会'),
  -- 苏里格经济开发区 and 苏力德苏木 have no village in the national list: local codes, names kept.
  ('150626100001', '苏里格社区', '150626410-L01', '苏里格社区'),
  ('150626100002', '查汗庙嘎查', '150626410-L02', '查汗庙嘎查'),
  ('150626106001', '苏力德社区', '150626200-L01', '苏力德社区'),
  ('150626106002', '沙尔利格嘎查', '150626200-L02', '沙尔利格嘎查');
--> statement-breakpoint
CREATE TEMPORARY TABLE region_code_moves AS
  SELECT r.id, r.path AS old_path, m.new_code, m.new_name
  FROM regions r JOIN region_code_map m ON m.old_code = r.code AND m.old_name = r.name;
--> statement-breakpoint
-- Step aside first (codes and paths are unique), then take the real codes.
UPDATE regions SET code = 'moving-' || id::text, path = 'moving/' || id::text || '/'
  WHERE id IN (SELECT id FROM region_code_moves);
--> statement-breakpoint
UPDATE regions r SET code = mv.new_code, name = mv.new_name, updated_at = now()
  FROM region_code_moves mv WHERE r.id = mv.id;
--> statement-breakpoint
CREATE TEMPORARY TABLE region_old_paths AS
  SELECT id, path AS old_path FROM regions WHERE path LIKE '150626/%' AND id NOT IN (SELECT id FROM region_code_moves)
  UNION ALL SELECT id, old_path FROM region_code_moves;
--> statement-breakpoint
UPDATE regions SET path = 'moving/' || id::text || '/'
  WHERE path LIKE '150626/%' AND code <> '150626' AND EXISTS (SELECT 1 FROM region_code_moves);
--> statement-breakpoint
WITH RECURSIVE tree AS (
  SELECT id, (code || '/') AS path FROM regions WHERE code = '150626' AND parent_id IS NULL
  UNION ALL
  SELECT c.id, tree.path || c.code || '/' FROM regions c JOIN tree ON c.parent_id = tree.id
)
UPDATE regions r SET path = tree.path FROM tree
  WHERE r.id = tree.id AND r.path <> tree.path AND EXISTS (SELECT 1 FROM region_code_moves);
--> statement-breakpoint
UPDATE outbox o SET region_path = r.path
  FROM region_old_paths op JOIN regions r ON r.id = op.id
  WHERE o.region_path = op.old_path AND op.old_path <> r.path;
--> statement-breakpoint
DROP TABLE region_code_moves;
--> statement-breakpoint
DROP TABLE region_old_paths;
--> statement-breakpoint
DROP TABLE region_code_map;
