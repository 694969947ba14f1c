-- api/auth.py:authenticate_token
SELECT "accounts_apitoken"."id", "accounts_apitoken"."user_id", "accounts_apitoken"."name", "accounts_apitoken"."key_hash", "accounts_apitoken"."hint", "accounts_apitoken"."created_at", "accounts_apitoken"."last_used_at", "accounts_apitoken"."revoked_at", "accounts_user"."id", "accounts_user"."password", "accounts_user"."last_login", "accounts_user"."is_superuser", "accounts_user"."first_name", "accounts_user"."last_name", "accounts_user"."is_staff", "accounts_user"."is_active", "accounts_user"."date_joined", "accounts_user"."email" FROM "accounts_apitoken" INNER JOIN "accounts_user" ON ("accounts_apitoken"."user_id" = "accounts_user"."id") WHERE "accounts_apitoken"."key_hash" = %s ORDER BY "accounts_apitoken"."created_at" DESC LIMIT #

-- api/auth.py:authenticate_token
UPDATE "accounts_apitoken" SET "last_used_at" = %s WHERE "accounts_apitoken"."id" = %s

-- permissions/base.py:scopes
SELECT "accounts_scope"."id", "accounts_scope"."user_id", "accounts_scope"."kind", "accounts_scope"."region_id", "accounts_scope"."department_id", "accounts_scope"."organisation_id", "referential_region"."id", "referential_region"."code", "referential_region"."name", "referential_department"."id", "referential_department"."code", "referential_department"."name", "referential_department"."region_id" FROM "accounts_scope" INNER JOIN "accounts_user" ON ("accounts_scope"."user_id" = "accounts_user"."id") LEFT OUTER JOIN "referential_region" ON ("accounts_scope"."region_id" = "referential_region"."id") LEFT OUTER JOIN "referential_department" ON ("accounts_scope"."department_id" = "referential_department"."id") WHERE "accounts_scope"."user_id" = %s ORDER BY "accounts_user"."email" ASC, "accounts_scope"."kind" ASC

-- permissions/base.py:roles
SELECT "accounts_membership"."territory_id" AS "territory_id", "accounts_membership"."role" AS "role" FROM "accounts_membership" INNER JOIN "accounts_user" ON ("accounts_membership"."user_id" = "accounts_user"."id") INNER JOIN "referential_territory" ON ("accounts_membership"."territory_id" = "referential_territory"."id") WHERE "accounts_membership"."user_id" = %s ORDER BY "referential_territory"."code" ASC, "accounts_user"."email" ASC

-- api/pagination.py:count
SELECT COUNT(*) AS "__count" FROM "plans_actionsheet" WHERE ("plans_actionsheet"."deleted_at" IS NULL AND ("plans_actionsheet"."visibility" = %s OR "plans_actionsheet"."territory_id" IN (…)))

-- api/pagination.py:__getitem__
SELECT "plans_actionsheet"."id" AS "pk" FROM "plans_actionsheet" WHERE ("plans_actionsheet"."deleted_at" IS NULL AND ("plans_actionsheet"."visibility" = %s OR "plans_actionsheet"."territory_id" IN (…))) ORDER BY "plans_actionsheet"."territory_id" ASC, "plans_actionsheet"."sort_key" ASC, # ASC LIMIT #

-- api/pagination.py:_rows_of
SELECT "plans_actionsheet"."id", "plans_actionsheet"."territory_id", "plans_actionsheet"."code", "plans_actionsheet"."sort_key", "plans_actionsheet"."title", "plans_actionsheet"."axis_id", "plans_actionsheet"."lead_organisation_id", "plans_actionsheet"."start_date", "plans_actionsheet"."end_date", "plans_actionsheet"."budget_total", "plans_actionsheet"."priority", "plans_actionsheet"."visibility", "plans_actionsheet"."status", "plans_actionsheet"."is_example", "plans_actionsheet"."version", "plans_actionsheet"."updated_at", "referential_territory"."id", "referential_territory"."code", "referential_territory"."name", "programmes_axis"."id", "programmes_axis"."code", "programmes_axis"."name", "organisations_organisation"."id", "organisations_organisation"."name" FROM "plans_actionsheet" INNER JOIN "referential_territory" ON ("plans_actionsheet"."territory_id" = "referential_territory"."id") INNER JOIN "programmes_axis" ON ("plans_actionsheet"."axis_id" = "programmes_axis"."id") LEFT OUTER JOIN "organisations_organisation" ON ("plans_actionsheet"."lead_organisation_id" = "organisations_organisation"."id") WHERE "plans_actionsheet"."id" IN (…) ORDER BY "referential_territory"."code" ASC, "plans_actionsheet"."sort_key" ASC

-- api/pagination.py:_rows_of
SELECT ("plans_actionsheet_tags"."actionsheet_id") AS "_prefetch_related_val_actionsheet_id", "plans_tag"."id", "plans_tag"."name" FROM "plans_tag" INNER JOIN "plans_actionsheet_tags" ON ("plans_tag"."id" = "plans_actionsheet_tags"."tag_id") WHERE "plans_actionsheet_tags"."actionsheet_id" IN (…) ORDER BY "plans_tag"."name" ASC

