-- pages/home/views.py:index
SELECT "referential_territory"."region_id" AS "territory__region_id", COUNT("plans_actionsheet"."id") AS "count" FROM "plans_actionsheet" INNER JOIN "referential_territory" ON ("plans_actionsheet"."territory_id" = "referential_territory"."id") WHERE ("plans_actionsheet"."deleted_at" IS NULL AND "plans_actionsheet"."visibility" = %s) GROUP BY #

-- core/text.py:alphabetical
SELECT "referential_region"."id", "referential_region"."code", "referential_region"."name", COUNT("referential_territory"."id") AS "territory_count" FROM "referential_region" LEFT OUTER JOIN "referential_territory" ON ("referential_region"."id" = "referential_territory"."region_id") GROUP BY "referential_region"."id", "referential_region"."code", "referential_region"."name" ORDER BY "referential_region"."name" ASC

-- core/paging.py:page_of
SELECT COUNT(*) AS "__count" FROM "referential_territory"

-- pages/home/views.py:<listcomp>
SELECT "referential_territory"."id", "referential_territory"."programme_id", "referential_territory"."code", "referential_territory"."name", "referential_territory"."region_id", "referential_territory"."phase", "referential_territory"."labelled_on", "referential_territory"."stage_id", "referential_territory"."description", "referential_territory"."is_example", "referential_territory"."is_fragile", "referential_territory"."fragile_reason", "referential_region"."id", "referential_region"."code", "referential_region"."name", "programmes_stage"."id", "programmes_stage"."programme_id", "programmes_stage"."code", "programmes_stage"."name", "programmes_stage"."description", "programmes_stage"."position" FROM "referential_territory" INNER JOIN "referential_region" ON ("referential_territory"."region_id" = "referential_region"."id") LEFT OUTER JOIN "programmes_stage" ON ("referential_territory"."stage_id" = "programmes_stage"."id") ORDER BY CASE WHEN ("referential_territory"."region_id" = %s) THEN %s ELSE %s END ASC, "referential_territory"."code" ASC LIMIT #

-- pages/home/views.py:index
SELECT "plans_actionsheet"."territory_id" AS "territory_id", COUNT("plans_actionsheet"."id") AS "count" FROM "plans_actionsheet" WHERE ("plans_actionsheet"."deleted_at" IS NULL AND "plans_actionsheet"."visibility" = %s AND "plans_actionsheet"."territory_id" IN (…)) GROUP BY #

