using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamerStudio.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class TypedGenerationParams : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Rows written before the recipe was typed have the anonymous object's lower-case keys, which EF would
            // read as an empty recipe; they get the keys EF writes (the values, platform text included, are kept).
            migrationBuilder.Sql("""
                UPDATE assets SET generation_params = jsonb_build_object(
                    'Platform', generation_params->'platform',
                    'Layout', COALESCE(generation_params->'layout', '""'::jsonb),
                    'Seed', COALESCE(generation_params->'seed', '0'::jsonb),
                    'Subline', generation_params->'subline',
                    'Badge', generation_params->'badge')
                WHERE generation_params ? 'platform';
                """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("""
                UPDATE assets SET generation_params = jsonb_build_object(
                    'platform', generation_params->'Platform',
                    'layout', generation_params->'Layout',
                    'seed', generation_params->'Seed',
                    'subline', generation_params->'Subline',
                    'badge', generation_params->'Badge')
                WHERE generation_params ? 'Platform';
                """);
        }
    }
}
