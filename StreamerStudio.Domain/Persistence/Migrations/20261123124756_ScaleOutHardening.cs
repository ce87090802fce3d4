using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace StreamerStudio.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class ScaleOutHardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "claimed_at",
                table: "generation_jobs",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "data_protection_keys",
                columns: table => new
                {
                    id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    friendly_name = table.Column<string>(type: "text", nullable: true),
                    xml = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_data_protection_keys", x => x.id);
                });

            // A failed output reserved in an earlier period gives nothing back to the new one (its counter
            // was reset since): the release is recorded with amount 0.
            migrationBuilder.Sql("DROP FUNCTION release_user_usage(uuid, integer, uuid, text);");
            migrationBuilder.Sql("""
                CREATE FUNCTION release_user_usage(p_user_id uuid, p_amount integer, p_job_id uuid, p_reason text, p_reserved_at timestamptz)
                RETURNS void LANGUAGE plpgsql AS $$
                DECLARE s subscriptions%ROWTYPE; v_amount integer;
                BEGIN
                    SELECT * INTO s FROM subscriptions WHERE user_id = p_user_id FOR UPDATE;
                    v_amount := CASE WHEN p_reserved_at < COALESCE(s.usage_period_start, date_trunc('month', now())) THEN 0 ELSE p_amount END;
                    UPDATE subscriptions SET assets_used = GREATEST(assets_used - v_amount, 0)
                     WHERE user_id = p_user_id
                    RETURNING * INTO s;
                    UPDATE users SET assets_generated_this_month = GREATEST(assets_generated_this_month - v_amount, 0) WHERE id = p_user_id;
                    INSERT INTO quota_usage_history (id, user_id, quota_type, operation, amount, current_value, max_value,
                                                     related_entity_type, related_entity_id, reason, billing_cycle_start, billing_cycle_end)
                    VALUES (gen_random_uuid(), p_user_id, 'assets', 'release', v_amount, s.assets_used, s.assets_limit,
                            'generation_job', p_job_id,
                            CASE WHEN v_amount = 0 THEN p_reason || ' (reserved in an earlier period)' ELSE p_reason END,
                            COALESCE(s.usage_period_start, date_trunc('month', now())),
                            COALESCE(s.current_period_end, date_trunc('month', now()) + interval '1 month'));
                END;
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION release_user_usage(uuid, integer, uuid, text, timestamptz);");

            migrationBuilder.DropTable(
                name: "data_protection_keys");

            migrationBuilder.DropColumn(
                name: "claimed_at",
                table: "generation_jobs");
        }
    }
}
