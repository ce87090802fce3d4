using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamerStudio.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class CountRenderAttempts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Renamed, not replaced: a job waiting for its retry had counted its failed attempts, which are the
            // attempts it started; from now on the claim counts every start, crashed ones included.
            migrationBuilder.DropCheckConstraint(
                name: "ck_generation_jobs_retry_count",
                table: "generation_jobs");

            migrationBuilder.RenameColumn(
                name: "retry_count",
                table: "generation_jobs",
                newName: "render_attempts");

            migrationBuilder.AddCheckConstraint(
                name: "ck_generation_jobs_render_attempts",
                table: "generation_jobs",
                sql: "render_attempts >= 0");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_generation_jobs_render_attempts",
                table: "generation_jobs");

            migrationBuilder.RenameColumn(
                name: "render_attempts",
                table: "generation_jobs",
                newName: "retry_count");

            migrationBuilder.AddCheckConstraint(
                name: "ck_generation_jobs_retry_count",
                table: "generation_jobs",
                sql: "retry_count >= 0");
        }
    }
}
