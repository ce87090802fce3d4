using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamerStudio.Domain.Persistence.Migrations
{
    /// <summary>
    /// Times come from the application's clock (its TimeProvider), not the database's now(): the usage functions
    /// take the moment as a parameter, and updated_at is set by the database only when the writer did not set it.
    /// </summary>
    public partial class UsageOnTheAppClock : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION update_updated_at_column() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    IF NEW.updated_at IS NOT DISTINCT FROM OLD.updated_at THEN
                        NEW.updated_at = now();
                    END IF;
                    RETURN NEW;
                END;
                $$;
                """);

            migrationBuilder.Sql("DROP FUNCTION increment_user_usage(uuid, integer, uuid, text);");
            migrationBuilder.Sql("""
                CREATE FUNCTION increment_user_usage(p_user_id uuid, p_amount integer, p_job_id uuid, p_reason text, p_at timestamptz)
                RETURNS boolean LANGUAGE plpgsql AS $$
                DECLARE s subscriptions%ROWTYPE;
                BEGIN
                    UPDATE subscriptions SET assets_used = assets_used + p_amount
                     WHERE user_id = p_user_id AND (assets_limit = -1 OR assets_used + p_amount <= assets_limit)
                    RETURNING * INTO s;
                    IF NOT FOUND THEN
                        RETURN false;
                    END IF;
                    UPDATE users SET assets_generated_this_month = assets_generated_this_month + p_amount WHERE id = p_user_id;
                    INSERT INTO quota_usage_history (id, user_id, quota_type, operation, amount, current_value, max_value,
                                                     related_entity_type, related_entity_id, reason, billing_cycle_start, billing_cycle_end, created_at)
                    VALUES (gen_random_uuid(), p_user_id, 'assets', 'reserve', p_amount, s.assets_used, s.assets_limit,
                            'generation_job', p_job_id, p_reason,
                            COALESCE(s.usage_period_start, date_trunc('month', p_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC'),
                            COALESCE(s.current_period_end, (date_trunc('month', p_at AT TIME ZONE 'UTC') + interval '1 month') AT TIME ZONE 'UTC'),
                            p_at);
                    RETURN true;
                END;
                $$;
                """);

            migrationBuilder.Sql("DROP FUNCTION release_user_usage(uuid, integer, uuid, text, timestamptz);");
            migrationBuilder.Sql("""
                CREATE FUNCTION release_user_usage(p_user_id uuid, p_amount integer, p_job_id uuid, p_reason text, p_reserved_at timestamptz, p_at timestamptz)
                RETURNS void LANGUAGE plpgsql AS $$
                DECLARE s subscriptions%ROWTYPE; v_amount integer; v_month timestamptz;
                BEGIN
                    v_month := date_trunc('month', p_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC';
                    SELECT * INTO s FROM subscriptions WHERE user_id = p_user_id FOR UPDATE;
                    v_amount := CASE WHEN p_reserved_at < COALESCE(s.usage_period_start, v_month) THEN 0 ELSE p_amount END;
                    UPDATE subscriptions SET assets_used = GREATEST(assets_used - v_amount, 0)
                     WHERE user_id = p_user_id
                    RETURNING * INTO s;
                    UPDATE users SET assets_generated_this_month = GREATEST(assets_generated_this_month - v_amount, 0) WHERE id = p_user_id;
                    INSERT INTO quota_usage_history (id, user_id, quota_type, operation, amount, current_value, max_value,
                                                     related_entity_type, related_entity_id, reason, billing_cycle_start, billing_cycle_end, created_at)
                    VALUES (gen_random_uuid(), p_user_id, 'assets', 'release', v_amount, s.assets_used, s.assets_limit,
                            'generation_job', p_job_id,
                            CASE WHEN v_amount = 0 THEN p_reason || ' (reserved in an earlier period)' ELSE p_reason END,
                            COALESCE(s.usage_period_start, v_month),
                            COALESCE(s.current_period_end, v_month + interval '1 month'),
                            p_at);
                END;
                $$;
                """);

            migrationBuilder.Sql("DROP FUNCTION reset_monthly_usage(uuid, timestamptz);");
            migrationBuilder.Sql("""
                CREATE FUNCTION reset_monthly_usage(p_user_id uuid, p_period_start timestamptz, p_at timestamptz)
                RETURNS void LANGUAGE plpgsql AS $$
                DECLARE s subscriptions%ROWTYPE; v_before integer;
                BEGIN
                    SELECT assets_used INTO v_before FROM subscriptions WHERE user_id = p_user_id FOR UPDATE;
                    UPDATE subscriptions SET assets_used = 0, usage_period_start = p_period_start
                     WHERE user_id = p_user_id
                    RETURNING * INTO s;
                    UPDATE users SET assets_generated_this_month = 0 WHERE id = p_user_id;
                    INSERT INTO quota_usage_history (id, user_id, quota_type, operation, amount, current_value, max_value,
                                                     related_entity_type, related_entity_id, reason, billing_cycle_start, billing_cycle_end, created_at)
                    VALUES (gen_random_uuid(), p_user_id, 'assets', 'reset', COALESCE(v_before, 0), 0, s.assets_limit,
                            NULL, NULL, 'new billing period', p_period_start, NULL, p_at);
                END;
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Code of the previous migration calls the old signatures: they come back as the new ones on the
            // database's clock (the new ones stay; nothing else calls them then).
            migrationBuilder.Sql("""
                CREATE OR REPLACE FUNCTION update_updated_at_column() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    NEW.updated_at = now();
                    RETURN NEW;
                END;
                $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION increment_user_usage(p_user_id uuid, p_amount integer, p_job_id uuid, p_reason text)
                RETURNS boolean LANGUAGE sql AS $$ SELECT increment_user_usage(p_user_id, p_amount, p_job_id, p_reason, now()) $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION release_user_usage(p_user_id uuid, p_amount integer, p_job_id uuid, p_reason text, p_reserved_at timestamptz)
                RETURNS void LANGUAGE sql AS $$ SELECT release_user_usage(p_user_id, p_amount, p_job_id, p_reason, p_reserved_at, now()) $$;
                """);
            migrationBuilder.Sql("""
                CREATE FUNCTION reset_monthly_usage(p_user_id uuid, p_period_start timestamptz)
                RETURNS void LANGUAGE sql AS $$ SELECT reset_monthly_usage(p_user_id, p_period_start, now()) $$;
                """);
        }
    }
}
