using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamerStudio.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CopyStudioVoice : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "voice_fingerprints",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    brand_kit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    metrics = table.Column<string>(type: "jsonb", nullable: false),
                    sample_count = table.Column<int>(type: "integer", nullable: false),
                    training_quality = table.Column<double>(type: "double precision", nullable: false),
                    summary = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    summary_edited = table.Column<bool>(type: "boolean", nullable: false),
                    last_trained_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_voice_fingerprints", x => x.id);
                    table.CheckConstraint("ck_voice_fingerprints_sample_count", "sample_count >= 0");
                    table.CheckConstraint("ck_voice_fingerprints_training_quality", "training_quality BETWEEN 0 AND 1");
                    table.ForeignKey(
                        name: "fk_voice_fingerprints_brand_kits_brand_kit_id",
                        column: x => x.brand_kit_id,
                        principalTable: "brand_kits",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "voice_samples",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    brand_kit_id = table.Column<Guid>(type: "uuid", nullable: false),
                    content = table.Column<string>(type: "text", nullable: false),
                    word_count = table.Column<int>(type: "integer", nullable: false),
                    looks_like_instruction = table.Column<bool>(type: "boolean", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_voice_samples", x => x.id);
                    table.CheckConstraint("ck_voice_samples_content", "btrim(content) <> '' AND char_length(content) <= 5000");
                    table.CheckConstraint("ck_voice_samples_word_count", "word_count >= 0");
                    table.ForeignKey(
                        name: "fk_voice_samples_brand_kits_brand_kit_id",
                        column: x => x.brand_kit_id,
                        principalTable: "brand_kits",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_voice_fingerprints_brand_kit_id",
                table: "voice_fingerprints",
                column: "brand_kit_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_voice_samples_brand_kit_id_created_at",
                table: "voice_samples",
                columns: new[] { "brand_kit_id", "created_at" });

            // The same updated_at trigger as every other table (see UsageOnTheAppClock).
            migrationBuilder.Sql("CREATE TRIGGER update_voice_fingerprints_updated_at BEFORE UPDATE ON voice_fingerprints FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS update_voice_fingerprints_updated_at ON voice_fingerprints;");

            migrationBuilder.DropTable(
                name: "voice_fingerprints");

            migrationBuilder.DropTable(
                name: "voice_samples");
        }
    }
}
