using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamerStudio.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class BrandKitEditor : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_brand_kits_user_id",
                table: "brand_kits");

            migrationBuilder.AddColumn<string[]>(
                name: "avoid_words",
                table: "brand_kits",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<string[]>(
                name: "brand_values",
                table: "brand_kits",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "deleted_at",
                table: "brand_kits",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string[]>(
                name: "do_list",
                table: "brand_kits",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<string[]>(
                name: "dont_list",
                table: "brand_kits",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<string>(
                name: "logo_storage_key",
                table: "brand_kits",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string[]>(
                name: "preferred_words",
                table: "brand_kits",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<string[]>(
                name: "tone_keywords",
                table: "brand_kits",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.CreateIndex(
                name: "ix_brand_kits_user_id",
                table: "brand_kits",
                column: "user_id",
                filter: "deleted_at IS NULL");

            migrationBuilder.AddCheckConstraint(
                name: "ck_brand_kits_deleted_not_active",
                table: "brand_kits",
                sql: "NOT (is_active AND deleted_at IS NOT NULL)");

            migrationBuilder.AddCheckConstraint(
                name: "ck_brand_kits_guidelines",
                table: "brand_kits",
                sql: "cardinality(brand_values) <= 20 AND cardinality(tone_keywords) <= 20 AND cardinality(do_list) <= 20 AND cardinality(dont_list) <= 20 AND cardinality(preferred_words) <= 20 AND cardinality(avoid_words) <= 20");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_brand_kits_user_id",
                table: "brand_kits");

            migrationBuilder.DropCheckConstraint(
                name: "ck_brand_kits_deleted_not_active",
                table: "brand_kits");

            migrationBuilder.DropCheckConstraint(
                name: "ck_brand_kits_guidelines",
                table: "brand_kits");

            migrationBuilder.DropColumn(
                name: "avoid_words",
                table: "brand_kits");

            migrationBuilder.DropColumn(
                name: "brand_values",
                table: "brand_kits");

            migrationBuilder.DropColumn(
                name: "deleted_at",
                table: "brand_kits");

            migrationBuilder.DropColumn(
                name: "do_list",
                table: "brand_kits");

            migrationBuilder.DropColumn(
                name: "dont_list",
                table: "brand_kits");

            migrationBuilder.DropColumn(
                name: "logo_storage_key",
                table: "brand_kits");

            migrationBuilder.DropColumn(
                name: "preferred_words",
                table: "brand_kits");

            migrationBuilder.DropColumn(
                name: "tone_keywords",
                table: "brand_kits");

            migrationBuilder.CreateIndex(
                name: "ix_brand_kits_user_id",
                table: "brand_kits",
                column: "user_id");
        }
    }
}
