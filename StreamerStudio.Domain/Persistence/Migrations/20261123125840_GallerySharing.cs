using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamerStudio.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class GallerySharing : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "preview_key",
                table: "assets",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "share_token",
                table: "assets",
                type: "text",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_assets_share_token",
                table: "assets",
                column: "share_token",
                unique: true,
                filter: "share_token IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_assets_user_id_viral_score",
                table: "assets",
                columns: new[] { "user_id", "viral_score" },
                descending: new[] { false, true });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_assets_share_token",
                table: "assets");

            migrationBuilder.DropIndex(
                name: "ix_assets_user_id_viral_score",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "preview_key",
                table: "assets");

            migrationBuilder.DropColumn(
                name: "share_token",
                table: "assets");
        }
    }
}
