using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamerStudio.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class AuditTrail : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // The admin audit search matches the first characters of an id shown in the table (entity_id::text LIKE 'ab12%');
            // text_pattern_ops lets a btree serve that prefix match whatever the database's collation. EF Core has no
            // model for expression indexes, so they live here only.
            migrationBuilder.Sql("CREATE INDEX ix_audit_log_entity_id_text ON audit_log ((entity_id::text) text_pattern_ops);");
            migrationBuilder.Sql("CREATE INDEX ix_audit_log_user_id_text ON audit_log ((user_id::text) text_pattern_ops);");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql("DROP INDEX ix_audit_log_user_id_text;");
            migrationBuilder.Sql("DROP INDEX ix_audit_log_entity_id_text;");
        }
    }
}
