using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamerStudio.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class GenerationPipeline : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_assets_job_id",
                table: "assets");

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "usage_period_start",
                table: "subscriptions",
                type: "timestamp with time zone",
                nullable: true,
                defaultValueSql: "date_trunc('month', now())");

            migrationBuilder.AlterColumn<string>(
                name: "platform_context",
                table: "generation_jobs",
                type: "jsonb",
                nullable: false,
                defaultValue: "{}",
                oldClrType: typeof(string),
                oldType: "jsonb",
                oldNullable: true);

            migrationBuilder.AlterColumn<string>(
                name: "asset_type",
                table: "generation_jobs",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32);

            migrationBuilder.AddColumn<string>(
                name: "format",
                table: "generation_jobs",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                // Jobs from before formats were chosen rendered PNG; '' would break the column's CHECK.
                defaultValue: "png");

            migrationBuilder.AddColumn<string>(
                name: "output_key",
                table: "generation_jobs",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "quota_state",
                table: "generation_jobs",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "seed",
                table: "generation_jobs",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "quota_usage_history",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    quota_type = table.Column<string>(type: "text", nullable: false),
                    operation = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    amount = table.Column<int>(type: "integer", nullable: false),
                    current_value = table.Column<int>(type: "integer", nullable: false),
                    max_value = table.Column<int>(type: "integer", nullable: false),
                    related_entity_type = table.Column<string>(type: "text", nullable: true),
                    related_entity_id = table.Column<Guid>(type: "uuid", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: true),
                    billing_cycle_start = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    billing_cycle_end = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_quota_usage_history", x => x.id);
                    table.CheckConstraint("ck_quota_usage_history_operation", "operation IN ('reserve', 'charge', 'release', 'reset')");
                    table.ForeignKey(
                        name: "fk_quota_usage_history_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_generation_jobs_format",
                table: "generation_jobs",
                sql: "format IN ('png', 'jpeg', 'webp')");

            migrationBuilder.AddCheckConstraint(
                name: "ck_generation_jobs_quota_state",
                table: "generation_jobs",
                sql: "quota_state IN ('reserved', 'charged', 'released')");

            migrationBuilder.CreateIndex(
                name: "ix_assets_job_id",
                table: "assets",
                column: "job_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_quota_usage_history_related_entity_id_operation",
                table: "quota_usage_history",
                columns: new[] { "related_entity_id", "operation" });

            migrationBuilder.CreateIndex(
                name: "ix_quota_usage_history_user_id_created_at",
                table: "quota_usage_history",
                columns: new[] { "user_id", "created_at" });

            // The seed's increment_user_usage, made safe under concurrency: the limit check and the increment are
            // one UPDATE, so two submissions can never both take the last asset. Both counters and the history
            // row change in the caller's transaction. Returns false (and changes nothing) when over the limit.
            migrationBuilder.Sql("""
                CREATE FUNCTION increment_user_usage(p_user_id uuid, p_amount integer, p_job_id uuid, p_reason text)
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
                                                     related_entity_type, related_entity_id, reason, billing_cycle_start, billing_cycle_end)
                    VALUES (gen_random_uuid(), p_user_id, 'assets', 'reserve', p_amount, s.assets_used, s.assets_limit,
                            'generation_job', p_job_id, p_reason,
                            COALESCE(s.usage_period_start, date_trunc('month', now())),
                            COALESCE(s.current_period_end, date_trunc('month', now()) + interval '1 month'));
                    RETURN true;
                END;
                $$;
                """);

            // Gives back what a failed output had reserved; never below zero.
            migrationBuilder.Sql("""
                CREATE FUNCTION release_user_usage(p_user_id uuid, p_amount integer, p_job_id uuid, p_reason text)
                RETURNS void LANGUAGE plpgsql AS $$
                DECLARE s subscriptions%ROWTYPE;
                BEGIN
                    UPDATE subscriptions SET assets_used = GREATEST(assets_used - p_amount, 0)
                     WHERE user_id = p_user_id
                    RETURNING * INTO s;
                    UPDATE users SET assets_generated_this_month = GREATEST(assets_generated_this_month - p_amount, 0) WHERE id = p_user_id;
                    INSERT INTO quota_usage_history (id, user_id, quota_type, operation, amount, current_value, max_value,
                                                     related_entity_type, related_entity_id, reason, billing_cycle_start, billing_cycle_end)
                    VALUES (gen_random_uuid(), p_user_id, 'assets', 'release', p_amount, s.assets_used, s.assets_limit,
                            'generation_job', p_job_id, p_reason,
                            COALESCE(s.usage_period_start, date_trunc('month', now())),
                            COALESCE(s.current_period_end, date_trunc('month', now()) + interval '1 month'));
                END;
                $$;
                """);

            // The seed's reset_monthly_usage: a new period starts at zero.
            migrationBuilder.Sql("""
                CREATE FUNCTION reset_monthly_usage(p_user_id uuid, p_period_start timestamptz)
                RETURNS void LANGUAGE plpgsql AS $$
                DECLARE s subscriptions%ROWTYPE; v_before integer;
                BEGIN
                    SELECT assets_used INTO v_before FROM subscriptions WHERE user_id = p_user_id FOR UPDATE;
                    UPDATE subscriptions SET assets_used = 0, usage_period_start = p_period_start
                     WHERE user_id = p_user_id
                    RETURNING * INTO s;
                    UPDATE users SET assets_generated_this_month = 0 WHERE id = p_user_id;
                    INSERT INTO quota_usage_history (id, user_id, quota_type, operation, amount, current_value, max_value,
                                                     related_entity_type, related_entity_id, reason, billing_cycle_start, billing_cycle_end)
                    VALUES (gen_random_uuid(), p_user_id, 'assets', 'reset', COALESCE(v_before, 0), 0, s.assets_limit,
                            NULL, NULL, 'new billing period', p_period_start, NULL);
                END;
                $$;
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP FUNCTION increment_user_usage(uuid, integer, uuid, text);");
            migrationBuilder.Sql("DROP FUNCTION release_user_usage(uuid, integer, uuid, text);");
            migrationBuilder.Sql("DROP FUNCTION reset_monthly_usage(uuid, timestamptz);");

            migrationBuilder.DropTable(
                name: "quota_usage_history");

            migrationBuilder.DropCheckConstraint(
                name: "ck_generation_jobs_format",
                table: "generation_jobs");

            migrationBuilder.DropCheckConstraint(
                name: "ck_generation_jobs_quota_state",
                table: "generation_jobs");

            migrationBuilder.DropIndex(
                name: "ix_assets_job_id",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "usage_period_start",
                table: "subscriptions");

            migrationBuilder.DropColumn(
                name: "format",
                table: "generation_jobs");

            migrationBuilder.DropColumn(
                name: "output_key",
                table: "generation_jobs");

            migrationBuilder.DropColumn(
                name: "quota_state",
                table: "generation_jobs");

            migrationBuilder.DropColumn(
                name: "seed",
                table: "generation_jobs");

            migrationBuilder.AlterColumn<string>(
                name: "platform_context",
                table: "generation_jobs",
                type: "jsonb",
                nullable: true,
                oldClrType: typeof(string),
                oldType: "jsonb");

            migrationBuilder.AlterColumn<string>(
                name: "asset_type",
                table: "generation_jobs",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "character varying(32)",
                oldMaxLength: 32,
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_assets_job_id",
                table: "assets",
                column: "job_id");
        }
    }
}
