-- pages/dashboards/views.py:_programme
SELECT "programmes_programme"."id", "programmes_programme"."slug", "programmes_programme"."name", "programmes_programme"."description", "programmes_programme"."launched_on", "programmes_programme"."is_active" FROM "programmes_programme" WHERE "programmes_programme"."is_active" ORDER BY "programmes_programme"."id" ASC LIMIT #

-- core/text.py:alphabetical
SELECT DISTINCT "referential_region"."id", "referential_region"."code", "referential_region"."name" FROM "referential_region" INNER JOIN "referential_territory" ON ("referential_region"."id" = "referential_territory"."region_id") WHERE "referential_territory"."id" IS NOT NULL ORDER BY "referential_region"."name" ASC

-- pages/dashboards/views.py:_choices
SELECT DISTINCT "referential_department"."id", "referential_department"."code", "referential_department"."name", "referential_department"."region_id" FROM "referential_department" INNER JOIN "referential_territory_departments" ON ("referential_department"."id" = "referential_territory_departments"."department_id") WHERE "referential_territory_departments"."territory_id" IS NOT NULL ORDER BY "referential_department"."code" ASC

-- pages/dashboards/views.py:_choices
SELECT DISTINCT "referential_territory"."phase" AS "phase" FROM "referential_territory" WHERE NOT ("referential_territory"."phase" = %s) ORDER BY # ASC

-- pages/dashboards/views.py:_choices
SELECT "programmes_axis"."id", "programmes_axis"."programme_id", "programmes_axis"."code", "programmes_axis"."name", "programmes_axis"."description", "programmes_axis"."position" FROM "programmes_axis" WHERE "programmes_axis"."programme_id" = %s ORDER BY "programmes_axis"."position" ASC, "programmes_axis"."name" ASC

-- pages/dashboards/views.py:_choices
SELECT "programmes_stage"."id", "programmes_stage"."programme_id", "programmes_stage"."code", "programmes_stage"."name", "programmes_stage"."description", "programmes_stage"."position" FROM "programmes_stage" WHERE "programmes_stage"."programme_id" = %s ORDER BY "programmes_stage"."position" ASC

-- permissions/__init__.py:policy_for
SELECT "django_session"."session_key", "django_session"."session_data", "django_session"."expire_date" FROM "django_session" WHERE ("django_session"."expire_date" > %s AND "django_session"."session_key" = %s) LIMIT #

-- permissions/__init__.py:policy_for
SELECT "accounts_user"."id", "accounts_user"."password", "accounts_user"."last_login", "accounts_user"."is_superuser", "accounts_user"."first_name", "accounts_user"."last_name", "accounts_user"."is_staff", "accounts_user"."is_active", "accounts_user"."date_joined", "accounts_user"."email" FROM "accounts_user" WHERE "accounts_user"."id" = %s LIMIT #

-- permissions/base.py:scopes
SELECT "accounts_scope"."id", "accounts_scope"."user_id", "accounts_scope"."kind", "accounts_scope"."region_id", "accounts_scope"."department_id", "accounts_scope"."organisation_id", "referential_region"."id", "referential_region"."code", "referential_region"."name", "referential_department"."id", "referential_department"."code", "referential_department"."name", "referential_department"."region_id" FROM "accounts_scope" INNER JOIN "accounts_user" ON ("accounts_scope"."user_id" = "accounts_user"."id") LEFT OUTER JOIN "referential_region" ON ("accounts_scope"."region_id" = "referential_region"."id") LEFT OUTER JOIN "referential_department" ON ("accounts_scope"."department_id" = "referential_department"."id") WHERE "accounts_scope"."user_id" = %s ORDER BY "accounts_user"."email" ASC, "accounts_scope"."kind" ASC

-- core/paging.py:page_of
SELECT COUNT(*) AS "__count" FROM "referential_territory" INNER JOIN "programmes_stage" ON ("referential_territory"."stage_id" = "programmes_stage"."id") WHERE ("programmes_stage"."code" = %s AND "referential_territory"."is_fragile")

-- pages/dashboards/views.py:territories
SELECT "referential_territory"."id", "referential_territory"."programme_id", "referential_territory"."code", "referential_territory"."name", "referential_territory"."region_id", "referential_territory"."phase", "referential_territory"."labelled_on", "referential_territory"."stage_id", "referential_territory"."description", "referential_territory"."is_example", "referential_territory"."is_fragile", "referential_territory"."fragile_reason", "referential_region"."id", "referential_region"."code", "referential_region"."name", "programmes_stage"."id", "programmes_stage"."programme_id", "programmes_stage"."code", "programmes_stage"."name", "programmes_stage"."description", "programmes_stage"."position" FROM "referential_territory" INNER JOIN "programmes_stage" ON ("referential_territory"."stage_id" = "programmes_stage"."id") INNER JOIN "referential_region" ON ("referential_territory"."region_id" = "referential_region"."id") WHERE ("programmes_stage"."code" = %s AND "referential_territory"."is_fragile") ORDER BY "referential_region"."name" ASC, "referential_territory"."code" ASC LIMIT #

