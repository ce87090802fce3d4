using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamerStudio.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MediaLibrary : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "media_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    name = table.Column<string>(type: "character varying(80)", maxLength: 80, nullable: false),
                    width = table.Column<int>(type: "integer", nullable: false),
                    height = table.Column<int>(type: "integer", nullable: false),
                    format = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    file_size_bytes = table.Column<long>(type: "bigint", nullable: false),
                    storage_key = table.Column<string>(type: "text", nullable: false),
                    preview_key = table.Column<string>(type: "text", nullable: false),
                    transparent_share = table.Column<float>(type: "real", nullable: false),
                    focus_x = table.Column<float>(type: "real", nullable: true),
                    focus_y = table.Column<float>(type: "real", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_media_items", x => x.id);
                    table.CheckConstraint("ck_media_items_dimensions", "width > 0 AND height > 0");
                    table.CheckConstraint("ck_media_items_file_size_bytes", "file_size_bytes >= 0");
                    table.CheckConstraint("ck_media_items_focus", "(focus_x IS NULL AND focus_y IS NULL) OR (focus_x BETWEEN 0 AND 1 AND focus_y BETWEEN 0 AND 1)");
                    table.CheckConstraint("ck_media_items_format", "format IN ('png', 'jpeg', 'webp')");
                    table.CheckConstraint("ck_media_items_kind", "kind IN ('screenshot', 'subject')");
                    table.CheckConstraint("ck_media_items_transparent_share", "transparent_share BETWEEN 0 AND 1");
                    table.ForeignKey(
                        name: "fk_media_items_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_media_items_storage_key",
                table: "media_items",
                column: "storage_key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_media_items_user_id_created_at",
                table: "media_items",
                columns: new[] { "user_id", "created_at" },
                descending: new[] { false, true });

            // The same updated_at trigger as every other table (see UsageOnTheAppClock).
            migrationBuilder.Sql("CREATE TRIGGER update_media_items_updated_at BEFORE UPDATE ON media_items FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP TRIGGER IF EXISTS update_media_items_updated_at ON media_items;");

            migrationBuilder.DropTable(
                name: "media_items");
        }
    }
}
