using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

#pragma warning disable CA1814 // Prefer jagged arrays over multidimensional

namespace StreamerStudio.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CopyLedger : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ai_models",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    model_name = table.Column<string>(type: "text", nullable: false),
                    display_name = table.Column<string>(type: "text", nullable: false),
                    provider = table.Column<string>(type: "text", nullable: false),
                    input_cost_per_million = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: false),
                    output_cost_per_million = table.Column<decimal>(type: "numeric(12,4)", precision: 12, scale: 4, nullable: false),
                    is_active = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ai_models", x => x.id);
                    table.CheckConstraint("ck_ai_models_costs", "input_cost_per_million >= 0 AND output_cost_per_million >= 0");
                    table.CheckConstraint("ck_ai_models_model_name", "btrim(model_name) <> ''");
                });

            migrationBuilder.CreateTable(
                name: "copy_templates",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: true),
                    name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    category = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    brief = table.Column<string>(type: "text", nullable: false),
                    use_count = table.Column<int>(type: "integer", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_copy_templates", x => x.id);
                    table.CheckConstraint("ck_copy_templates_brief", "btrim(brief) <> '' AND char_length(brief) <= 20000");
                    table.CheckConstraint("ck_copy_templates_name", "btrim(name) <> '' AND char_length(name) <= 80");
                    table.ForeignKey(
                        name: "fk_copy_templates_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ai_usage",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    brand_kit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    model_id = table.Column<Guid>(type: "uuid", nullable: true),
                    operation = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    engine = table.Column<string>(type: "text", nullable: false),
                    model_name = table.Column<string>(type: "text", nullable: false),
                    prompt_tokens = table.Column<int>(type: "integer", nullable: false),
                    completion_tokens = table.Column<int>(type: "integer", nullable: false),
                    total_tokens = table.Column<int>(type: "integer", nullable: false),
                    cost_usd = table.Column<decimal>(type: "numeric(14,6)", precision: 14, scale: 6, nullable: true),
                    duration_ms = table.Column<int>(type: "integer", nullable: false),
                    outcome = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    error = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    finished_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ai_usage", x => x.id);
                    table.CheckConstraint("ck_ai_usage_duration_ms", "duration_ms >= 0");
                    table.CheckConstraint("ck_ai_usage_outcome", "outcome IN ('running', 'done', 'refused', 'cancelled', 'failed')");
                    table.CheckConstraint("ck_ai_usage_tokens", "prompt_tokens >= 0 AND completion_tokens >= 0 AND total_tokens >= 0");
                    table.ForeignKey(
                        name: "fk_ai_usage_ai_models_model_id",
                        column: x => x.model_id,
                        principalTable: "ai_models",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_ai_usage_brand_kits_brand_kit_id",
                        column: x => x.brand_kit_id,
                        principalTable: "brand_kits",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_ai_usage_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "generated_content",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    brand_kit_id = table.Column<Guid>(type: "uuid", nullable: true),
                    kit_name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    brief = table.Column<string>(type: "text", nullable: false),
                    engine = table.Column<string>(type: "text", nullable: false),
                    model_name = table.Column<string>(type: "text", nullable: false),
                    suggestions = table.Column<string>(type: "jsonb", nullable: false),
                    ai_usage_id = table.Column<Guid>(type: "uuid", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_generated_content", x => x.id);
                    table.CheckConstraint("ck_generated_content_brief", "char_length(brief) <= 20000");
                    table.ForeignKey(
                        name: "fk_generated_content_ai_usage_ai_usage_id",
                        column: x => x.ai_usage_id,
                        principalTable: "ai_usage",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_generated_content_brand_kits_brand_kit_id",
                        column: x => x.brand_kit_id,
                        principalTable: "brand_kits",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_generated_content_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ai_suggestion_applications",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    generation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    target = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    content_item_id = table.Column<Guid>(type: "uuid", nullable: true),
                    applied_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_ai_suggestion_applications", x => x.id);
                    table.CheckConstraint("ck_ai_suggestion_applications_kind", "kind IN ('title', 'description', 'tags', 'twitch_title', 'go_live')");
                    table.CheckConstraint("ck_ai_suggestion_applications_target", "target IN ('copied', 'youtube_video')");
                    table.CheckConstraint("ck_ai_suggestion_applications_video", "target = 'youtube_video' OR content_item_id IS NULL");
                    table.ForeignKey(
                        name: "fk_ai_suggestion_applications_content_items_content_item_id",
                        column: x => x.content_item_id,
                        principalTable: "content_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "fk_ai_suggestion_applications_generated_content_generation_id",
                        column: x => x.generation_id,
                        principalTable: "generated_content",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_ai_suggestion_applications_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "copy_favourites",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    generation_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    text = table.Column<string>(type: "text", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_copy_favourites", x => x.id);
                    table.CheckConstraint("ck_copy_favourites_kind", "kind IN ('title', 'description', 'tags', 'twitch_title', 'go_live')");
                    table.ForeignKey(
                        name: "fk_copy_favourites_generated_copy_generation_id",
                        column: x => x.generation_id,
                        principalTable: "generated_content",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_copy_favourites_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.InsertData(
                table: "ai_models",
                columns: new[] { "id", "created_at", "display_name", "input_cost_per_million", "is_active", "model_name", "output_cost_per_million", "provider", "updated_at" },
                values: new object[,]
                {
                    { new Guid("0b3c6e1e-5b1f-4c53-9a0e-000000000001"), new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "Built-in engine", 0m, true, "built-in", 0m, "built-in", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { new Guid("0b3c6e1e-5b1f-4c53-9a0e-000000000002"), new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "GPT-4o mini", 0.15m, true, "gpt-4o-mini", 0.60m, "openai", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { new Guid("0b3c6e1e-5b1f-4c53-9a0e-000000000003"), new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "GPT-4o", 2.50m, true, "gpt-4o", 10.00m, "openai", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { new Guid("0b3c6e1e-5b1f-4c53-9a0e-000000000004"), new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "GPT-4.1 mini", 0.40m, true, "gpt-4.1-mini", 1.60m, "openai", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { new Guid("0b3c6e1e-5b1f-4c53-9a0e-000000000005"), new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "GPT-4.1", 2.00m, true, "gpt-4.1", 8.00m, "openai", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) },
                    { new Guid("0b3c6e1e-5b1f-4c53-9a0e-000000000006"), new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "Llama 3.1 (local, Ollama)", 0m, true, "llama3.1", 0m, "ollama", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)) }
                });

            migrationBuilder.InsertData(
                table: "copy_templates",
                columns: new[] { "id", "brief", "category", "created_at", "name", "updated_at", "use_count", "user_id" },
                values: new object[,]
                {
                    { new Guid("5d7a1c1e-2f0b-4b7e-8c11-000000000001"), "Let's play [game], episode [number]: [what happens — the boss, the build, the big moment]. Chat's favourite moment: [moment].", "gaming", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "Let's play episode", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 0, null },
                    { new Guid("5d7a1c1e-2f0b-4b7e-8c11-000000000002"), "How to [goal] in [game or tool]: [the steps covered], for [beginners / veterans]. The one mistake everyone makes: [mistake].", "education", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "Tutorial / guide", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 0, null },
                    { new Guid("5d7a1c1e-2f0b-4b7e-8c11-000000000003"), "Ranking every [characters / weapons / maps] in [game] from S to F tier. Hot take: [controversial pick].", "opinion", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "Tier list", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 0, null },
                    { new Guid("5d7a1c1e-2f0b-4b7e-8c11-000000000004"), "[Game] [category] speedrun attempts: personal best [time], going for [target]. The trick that makes or breaks it: [trick].", "gaming", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "Speedrun attempt", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 0, null },
                    { new Guid("5d7a1c1e-2f0b-4b7e-8c11-000000000005"), "Collab with [creator] playing [game]: [what we try together], [the chaos or the challenge].", "community", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "Collab stream", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 0, null },
                    { new Guid("5d7a1c1e-2f0b-4b7e-8c11-000000000006"), "Reacting to [game] patch [version]: [biggest changes], what they mean for [my main / the meta], winners and losers.", "news", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), "Patch notes reaction", new DateTimeOffset(new DateTime(2026, 11, 30, 0, 0, 0, 0, DateTimeKind.Unspecified), new TimeSpan(0, 0, 0, 0, 0)), 0, null }
                });

            migrationBuilder.CreateIndex(
                name: "ix_ai_models_model_name",
                table: "ai_models",
                column: "model_name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_ai_suggestion_applications_content_item_id",
                table: "ai_suggestion_applications",
                column: "content_item_id");

            migrationBuilder.CreateIndex(
                name: "ix_ai_suggestion_applications_generation_id_applied_at",
                table: "ai_suggestion_applications",
                columns: new[] { "generation_id", "applied_at" });

            migrationBuilder.CreateIndex(
                name: "ix_ai_suggestion_applications_user_id",
                table: "ai_suggestion_applications",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_ai_usage_brand_kit_id",
                table: "ai_usage",
                column: "brand_kit_id");

            migrationBuilder.CreateIndex(
                name: "ix_ai_usage_created_at",
                table: "ai_usage",
                column: "created_at");

            migrationBuilder.CreateIndex(
                name: "ix_ai_usage_model_id",
                table: "ai_usage",
                column: "model_id");

            migrationBuilder.CreateIndex(
                name: "ix_ai_usage_user_id_created_at",
                table: "ai_usage",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_copy_favourites_generation_id_kind_text",
                table: "copy_favourites",
                columns: new[] { "generation_id", "kind", "text" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_copy_favourites_user_id_created_at",
                table: "copy_favourites",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.CreateIndex(
                name: "ix_copy_templates_user_id_name",
                table: "copy_templates",
                columns: new[] { "user_id", "name" });

            migrationBuilder.CreateIndex(
                name: "ix_generated_content_ai_usage_id",
                table: "generated_content",
                column: "ai_usage_id");

            migrationBuilder.CreateIndex(
                name: "ix_generated_content_brand_kit_id",
                table: "generated_content",
                column: "brand_kit_id");

            migrationBuilder.CreateIndex(
                name: "ix_generated_content_user_id_created_at",
                table: "generated_content",
                columns: new[] { "user_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ai_suggestion_applications");

            migrationBuilder.DropTable(
                name: "copy_favourites");

            migrationBuilder.DropTable(
                name: "copy_templates");

            migrationBuilder.DropTable(
                name: "generated_content");

            migrationBuilder.DropTable(
                name: "ai_usage");

            migrationBuilder.DropTable(
                name: "ai_models");
        }
    }
}
