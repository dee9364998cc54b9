ALTER TABLE "cycle_driver_results" ADD COLUMN "window_cycle_ids" jsonb;--> statement-breakpoint
ALTER TABLE "cycle_driver_results" ADD COLUMN "respondents" integer;--> statement-breakpoint
ALTER TABLE "responses" ADD COLUMN "submitted_as_viewer" boolean DEFAULT false NOT NULL;--> statement-breakpoint
-- Already-published cells (privacy rules 8 and 9). Only rounding and withholding: no
-- cell is recomputed from responses, so nothing new is revealed. Every cell gets the
-- levelsWithheld key the cell schema now requires.
UPDATE "cycle_aggregates" SET "cell" = "cell" || '{"levelsWithheld": null}'::jsonb WHERE "cell"->'levelsWithheld' IS NULL;
--> statement-breakpoint
-- Rule 8: mean, SD and CI bounds rounded to one decimal.
UPDATE "cycle_aggregates" SET "cell" = "cell" || jsonb_build_object(
    'mean', round(("cell"->>'mean')::numeric, 1),
    'sd', round(("cell"->>'sd')::numeric, 1),
    'ci95', jsonb_build_array(round(("cell"->'ci95'->>0)::numeric, 1), round(("cell"->'ci95'->>1)::numeric, 1)))
  WHERE "cell"->>'suppressed' IS NULL AND ("cell"->>'n')::int > 0;
--> statement-breakpoint
-- Rule 9: a breakdown with a level holding 1..k-1 people, or everyone at one level, is withheld.
UPDATE "cycle_aggregates" AS a SET "cell" = a."cell" || jsonb_build_object('levelCounts', null, 'levelsWithheld',
    'level breakdown withheld: it is shown only when each level holds none or at least ' || f.k || ' people, and not everyone is at the same level')
  FROM (
    SELECT x."id", ck.k, l.lo, l.mo, l.hi
    FROM "cycle_aggregates" x
    JOIN (SELECT c."id", coalesce(c."published_k", o."min_group_size") AS k FROM "cycles" c JOIN "organizations" o ON o."id" = c."org_id") AS ck
      ON ck."id" = x."cycle_id"
    CROSS JOIN LATERAL (SELECT (x."cell"->'levelCounts'->>'low')::int AS lo, (x."cell"->'levelCounts'->>'moderate')::int AS mo,
      (x."cell"->'levelCounts'->>'high')::int AS hi) AS l
    WHERE x."cell"->>'suppressed' IS NULL AND (x."cell"->>'n')::int > 0 AND jsonb_typeof(x."cell"->'levelCounts') = 'object'
  ) AS f
  WHERE a."id" = f."id"
    AND ((f.lo BETWEEN 1 AND f.k - 1) OR (f.mo BETWEEN 1 AND f.k - 1) OR (f.hi BETWEEN 1 AND f.k - 1)
      OR (f.lo + f.mo + f.hi > 0 AND greatest(f.lo, f.mo, f.hi) = f.lo + f.mo + f.hi));
--> statement-breakpoint
-- Rule 9 on the residual: the agency breakdown minus the team breakdowns still shown
-- describes the hidden teams; when it fails the rule, the agency breakdown is withheld.
UPDATE "cycle_aggregates" AS a SET "cell" = a."cell" || jsonb_build_object('levelCounts', null, 'levelsWithheld',
    'level breakdown withheld: it is shown only when each level holds none or at least ' || r.k || ' people, and not everyone is at the same level')
  FROM (
    SELECT o."id", ck.k,
      (o."cell"->'levelCounts'->>'low')::int - s.lo AS rl,
      (o."cell"->'levelCounts'->>'moderate')::int - s.mo AS rm,
      (o."cell"->'levelCounts'->>'high')::int - s.hi AS rh
    FROM "cycle_aggregates" o
    JOIN (SELECT c."id", coalesce(c."published_k", g."min_group_size") AS k FROM "cycles" c JOIN "organizations" g ON g."id" = c."org_id") AS ck
      ON ck."id" = o."cycle_id"
    CROSS JOIN LATERAL (
      SELECT coalesce(sum((t."cell"->'levelCounts'->>'low')::int), 0) AS lo,
             coalesce(sum((t."cell"->'levelCounts'->>'moderate')::int), 0) AS mo,
             coalesce(sum((t."cell"->'levelCounts'->>'high')::int), 0) AS hi
      FROM "cycle_aggregates" t
      WHERE t."cycle_id" = o."cycle_id" AND t."measure" = o."measure" AND t."group_id" <> 'org'
        AND t."cell"->>'suppressed' IS NULL AND jsonb_typeof(t."cell"->'levelCounts') = 'object'
    ) AS s
    WHERE o."group_id" = 'org' AND o."cell"->>'suppressed' IS NULL AND (o."cell"->>'n')::int > 0
      AND jsonb_typeof(o."cell"->'levelCounts') = 'object'
  ) AS r
  WHERE a."id" = r."id" AND r.rl + r.rm + r.rh > 0
    AND ((r.rl BETWEEN 1 AND r.k - 1) OR (r.rm BETWEEN 1 AND r.k - 1) OR (r.rh BETWEEN 1 AND r.k - 1)
      OR greatest(r.rl, r.rm, r.rh) = r.rl + r.rm + r.rh);
