using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamerStudio.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class RevisionsOnChannels : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<Guid>(
                name: "content_item_id",
                table: "content_revisions",
                type: "uuid",
                nullable: true,
                oldClrType: typeof(Guid),
                oldType: "uuid");

            // Revisions written before this one all belong to a content item: their channel is the item's.
            migrationBuilder.AddColumn<Guid>(
                name: "channel_id",
                table: "content_revisions",
                type: "uuid",
                nullable: true);
            migrationBuilder.Sql("UPDATE content_revisions r SET channel_id = i.channel_id FROM content_items i WHERE i.id = r.content_item_id;");
            migrationBuilder.AlterColumn<Guid>(
                name: "channel_id",
                table: "content_revisions",
                type: "uuid",
                nullable: false,
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_content_revisions_channel_id",
                table: "content_revisions",
                column: "channel_id");

            migrationBuilder.CreateIndex(
                name: "ix_content_revisions_user_id_created_at",
                table: "content_revisions",
                columns: new[] { "user_id", "created_at" });

            migrationBuilder.AddForeignKey(
                name: "fk_content_revisions_channels_channel_id",
                table: "content_revisions",
                column: "channel_id",
                principalTable: "channels",
                principalColumn: "id",
                onDelete: ReferentialAction.Cascade);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            // Banner revisions have no content item and cannot survive the old shape.
            migrationBuilder.Sql("DELETE FROM content_revisions WHERE content_item_id IS NULL;");
            migrationBuilder.DropForeignKey(
                name: "fk_content_revisions_channels_channel_id",
                table: "content_revisions");

            migrationBuilder.DropIndex(
                name: "ix_content_revisions_channel_id",
                table: "content_revisions");

            migrationBuilder.DropIndex(
                name: "ix_content_revisions_user_id_created_at",
                table: "content_revisions");

            migrationBuilder.DropColumn(
                name: "channel_id",
                table: "content_revisions");

            migrationBuilder.AlterColumn<Guid>(
                name: "content_item_id",
                table: "content_revisions",
                type: "uuid",
                nullable: false,
                defaultValue: new Guid("00000000-0000-0000-0000-000000000000"),
                oldClrType: typeof(Guid),
                oldType: "uuid",
                oldNullable: true);
        }
    }
}
