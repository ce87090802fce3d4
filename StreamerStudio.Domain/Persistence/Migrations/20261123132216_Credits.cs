using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace StreamerStudio.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Credits : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropCheckConstraint(
                name: "ck_generation_jobs_quota_state",
                table: "generation_jobs");

            migrationBuilder.CreateTable(
                name: "credit_transactions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    amount = table.Column<int>(type: "integer", nullable: false),
                    balance_after = table.Column<int>(type: "integer", nullable: false),
                    related_entity_id = table.Column<Guid>(type: "uuid", nullable: true),
                    stripe_reference = table.Column<string>(type: "text", nullable: true),
                    reason = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_credit_transactions", x => x.id);
                    table.CheckConstraint("ck_credit_transactions_amount", "amount <> 0");
                    table.CheckConstraint("ck_credit_transactions_balance_after", "balance_after >= 0");
                    table.CheckConstraint("ck_credit_transactions_kind", "kind IN ('purchase', 'generation', 'refund', 'bonus')");
                    table.ForeignKey(
                        name: "fk_credit_transactions_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.AddCheckConstraint(
                name: "ck_generation_jobs_quota_state",
                table: "generation_jobs",
                sql: "quota_state IN ('reserved', 'charged', 'released', 'credit_reserved', 'credit_charged', 'credit_refunded')");

            migrationBuilder.CreateIndex(
                name: "ix_credit_transactions_stripe_reference",
                table: "credit_transactions",
                column: "stripe_reference",
                unique: true,
                filter: "stripe_reference IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_credit_transactions_user_id_created_at",
                table: "credit_transactions",
                columns: new[] { "user_id", "created_at" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "credit_transactions");

            migrationBuilder.DropCheckConstraint(
                name: "ck_generation_jobs_quota_state",
                table: "generation_jobs");

            migrationBuilder.AddCheckConstraint(
                name: "ck_generation_jobs_quota_state",
                table: "generation_jobs",
                sql: "quota_state IN ('reserved', 'charged', 'released')");
        }
    }
}
