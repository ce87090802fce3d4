using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamerStudio.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class MediaDescription : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "description",
                table: "media_items",
                type: "character varying(125)",
                maxLength: 125,
                nullable: false,
                defaultValue: "");

            // Pictures already uploaded start as new uploads do (MediaLibrary.DescriptionOf): the file name with its
            // separators read as spaces and a capital first letter (by the database's ctype: under C only a–z), or the
            // kind and size when nothing readable is left.
            migrationBuilder.Sql("""
                UPDATE media_items m
                SET description = left(upper(left(d.words, 1)) || substr(d.words, 2), 125)
                FROM (SELECT id,
                             COALESCE(NULLIF(btrim(regexp_replace(regexp_replace(name, '[_.+~-]+', ' ', 'g'), '\s+', ' ', 'g')), ''),
                                      CASE kind WHEN 'subject' THEN 'Cut-out ' ELSE 'Screenshot ' END || width || '×' || height) AS words
                      FROM media_items) d
                WHERE d.id = m.id;
                """);

            migrationBuilder.AddCheckConstraint(
                name: "ck_media_items_description",
                table: "media_items",
                sql: "btrim(description) <> ''");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_media_items_description",
                table: "media_items");

            migrationBuilder.DropColumn(
                name: "description",
                table: "media_items");
        }
    }
}
