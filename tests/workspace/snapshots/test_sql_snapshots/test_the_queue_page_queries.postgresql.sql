-- core/middleware.py:__call__
SELECT "django_session"."session_key", "django_session"."session_data", "django_session"."expire_date" FROM "django_session" WHERE ("django_session"."expire_date" > %s AND "django_session"."session_key" = %s) LIMIT #

-- core/middleware.py:__call__
SELECT "accounts_user"."id", "accounts_user"."password", "accounts_user"."last_login", "accounts_user"."is_superuser", "accounts_user"."first_name", "accounts_user"."last_name", "accounts_user"."is_staff", "accounts_user"."is_active", "accounts_user"."date_joined", "accounts_user"."email" FROM "accounts_user" WHERE "accounts_user"."id" = %s LIMIT #

-- permissions/base.py:scopes
SELECT "accounts_scope"."id", "accounts_scope"."user_id", "accounts_scope"."kind", "accounts_scope"."region_id", "accounts_scope"."department_id", "accounts_scope"."organisation_id", "referential_region"."id", "referential_region"."code", "referential_region"."name", "referential_department"."id", "referential_department"."code", "referential_department"."name", "referential_department"."region_id" FROM "accounts_scope" INNER JOIN "accounts_user" ON ("accounts_scope"."user_id" = "accounts_user"."id") LEFT OUTER JOIN "referential_region" ON ("accounts_scope"."region_id" = "referential_region"."id") LEFT OUTER JOIN "referential_department" ON ("accounts_scope"."department_id" = "referential_department"."id") WHERE "accounts_scope"."user_id" = %s ORDER BY "accounts_user"."email" ASC, "accounts_scope"."kind" ASC

-- permissions/base.py:roles
SELECT "accounts_membership"."territory_id" AS "territory_id", "accounts_membership"."role" AS "role" FROM "accounts_membership" INNER JOIN "accounts_user" ON ("accounts_membership"."user_id" = "accounts_user"."id") INNER JOIN "referential_territory" ON ("accounts_membership"."territory_id" = "referential_territory"."id") WHERE "accounts_membership"."user_id" = %s ORDER BY "referential_territory"."code" ASC, "accounts_user"."email" ASC

-- core/text.py:alphabetical
SELECT "referential_territory"."code" AS "code", "referential_territory"."name" AS "name" FROM "referential_territory" WHERE "referential_territory"."id" IN (…) ORDER BY # ASC, # ASC

-- pages/workspace/forms.py:__init__
SELECT "programmes_axis"."code" AS "code", "programmes_axis"."name" AS "name" FROM "programmes_axis" INNER JOIN "programmes_programme" ON ("programmes_axis"."programme_id" = "programmes_programme"."id") WHERE "programmes_programme"."is_active" ORDER BY "programmes_axis"."position" ASC, # ASC

-- core/paging.py:page_of
SELECT COUNT(*) AS "__count" FROM "plans_actionsheet" INNER JOIN "programmes_axis" ON ("plans_actionsheet"."axis_id" = "programmes_axis"."id") WHERE ("plans_actionsheet"."deleted_at" IS NULL AND "plans_actionsheet"."status" IN (…) AND "plans_actionsheet"."territory_id" IN (…) AND "programmes_axis"."code" = %s)

-- pages/workspace/views.py:queue
SELECT "plans_actionsheet"."id", "plans_actionsheet"."territory_id", "plans_actionsheet"."code", "plans_actionsheet"."sort_key", "plans_actionsheet"."title", "plans_actionsheet"."axis_id", "plans_actionsheet"."lead_organisation_id", "plans_actionsheet"."presenter_id", "plans_actionsheet"."start_date", "plans_actionsheet"."end_date", "plans_actionsheet"."budget_total", "plans_actionsheet"."budget_investment", "plans_actionsheet"."budget_operating", "plans_actionsheet"."priority", "plans_actionsheet"."visibility", "plans_actionsheet"."status", "plans_actionsheet"."is_example", "plans_actionsheet"."version", "plans_actionsheet"."created_at", "plans_actionsheet"."updated_at", "plans_actionsheet"."created_by_id", "plans_actionsheet"."deleted_at", "plans_actionsheet"."deleted_by_id", "plans_actionsheet"."inspired_by_id", "referential_territory"."id", "referential_territory"."programme_id", "referential_territory"."code", "referential_territory"."name", "referential_territory"."region_id", "referential_territory"."phase", "referential_territory"."labelled_on", "referential_territory"."stage_id", "referential_territory"."description", "referential_territory"."is_example", "referential_territory"."is_fragile", "referential_territory"."fragile_reason", "programmes_axis"."id", "programmes_axis"."programme_id", "programmes_axis"."code", "programmes_axis"."name", "programmes_axis"."description", "programmes_axis"."position" FROM "plans_actionsheet" INNER JOIN "referential_territory" ON ("plans_actionsheet"."territory_id" = "referential_territory"."id") INNER JOIN "programmes_axis" ON ("plans_actionsheet"."axis_id" = "programmes_axis"."id") WHERE ("plans_actionsheet"."deleted_at" IS NULL AND "plans_actionsheet"."status" IN (…) AND "plans_actionsheet"."territory_id" IN (…) AND "programmes_axis"."code" = %s) ORDER BY "plans_actionsheet"."updated_at" ASC, "plans_actionsheet"."id" ASC LIMIT #

