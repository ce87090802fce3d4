using System;
using Microsoft.EntityFrameworkCore.Migrations;
using NpgsqlTypes;

#nullable disable

namespace StreamerStudio.Domain.Persistence.Migrations
{
    /// <inheritdoc />
    public partial class Channels : Migration
    {
        private static readonly string[] UpdatedTables = ["channels", "analytics_snapshots", "content_items"];

        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "avatar_url",
                table: "platform_connections",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "display_name",
                table: "platform_connections",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "last_error",
                table: "platform_connections",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "last_synced_at",
                table: "platform_connections",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "next_sync_at",
                table: "platform_connections",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "refresh_token_expires_at",
                table: "platform_connections",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string[]>(
                name: "scopes",
                table: "platform_connections",
                type: "text[]",
                nullable: false,
                defaultValue: new string[0]);

            migrationBuilder.AddColumn<string>(
                name: "status",
                table: "platform_connections",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "");

            migrationBuilder.AddColumn<int>(
                name: "sync_failures",
                table: "platform_connections",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.CreateTable(
                name: "channel_authorizations",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    platform = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    state_hash = table.Column<string>(type: "text", nullable: false),
                    browser_hash = table.Column<string>(type: "text", nullable: false),
                    code_verifier_encrypted = table.Column<string>(type: "text", nullable: true),
                    redirect_uri = table.Column<string>(type: "text", nullable: false),
                    requested_scopes = table.Column<string[]>(type: "text[]", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    expires_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    used_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channel_authorizations", x => x.id);
                    table.CheckConstraint("ck_channel_authorizations_platform", "platform IN ('twitch', 'youtube', 'tiktok')");
                    table.ForeignKey(
                        name: "fk_channel_authorizations_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "channels",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    connection_id = table.Column<Guid>(type: "uuid", nullable: false),
                    platform = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    platform_channel_id = table.Column<string>(type: "text", nullable: false),
                    name = table.Column<string>(type: "text", nullable: false),
                    handle = table.Column<string>(type: "text", nullable: true),
                    url = table.Column<string>(type: "text", nullable: true),
                    avatar_url = table.Column<string>(type: "text", nullable: true),
                    description = table.Column<string>(type: "text", nullable: true),
                    is_primary = table.Column<bool>(type: "boolean", nullable: false),
                    last_synced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_channels", x => x.id);
                    table.CheckConstraint("ck_channels_platform", "platform IN ('twitch', 'youtube', 'tiktok')");
                    table.ForeignKey(
                        name: "fk_channels_platform_connections_connection_id",
                        column: x => x.connection_id,
                        principalTable: "platform_connections",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "fk_channels_users_user_id",
                        column: x => x.user_id,
                        principalTable: "users",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "analytics_snapshots",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    history = table.Column<string>(type: "jsonb", nullable: false),
                    stats = table.Column<string>(type: "jsonb", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_analytics_snapshots", x => x.id);
                    table.ForeignKey(
                        name: "fk_analytics_snapshots_channels_channel_id",
                        column: x => x.channel_id,
                        principalTable: "channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "content_items",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    channel_id = table.Column<Guid>(type: "uuid", nullable: false),
                    platform = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    platform_content_id = table.Column<string>(type: "text", nullable: false),
                    url = table.Column<string>(type: "text", nullable: true),
                    title = table.Column<string>(type: "text", nullable: false),
                    description = table.Column<string>(type: "text", nullable: true),
                    tags = table.Column<string[]>(type: "text[]", nullable: false),
                    thumbnail_url = table.Column<string>(type: "text", nullable: true),
                    duration_seconds = table.Column<int>(type: "integer", nullable: true),
                    view_count = table.Column<long>(type: "bigint", nullable: true),
                    like_count = table.Column<long>(type: "bigint", nullable: true),
                    comment_count = table.Column<long>(type: "bigint", nullable: true),
                    published_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    synced_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    search_vector = table.Column<NpgsqlTsVector>(type: "tsvector", nullable: false)
                        .Annotation("Npgsql:TsVectorConfig", "simple")
                        .Annotation("Npgsql:TsVectorProperties", new[] { "title", "description" }),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()"),
                    updated_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_content_items", x => x.id);
                    table.CheckConstraint("ck_content_items_kind", "kind IN ('video', 'short', 'vod', 'clip')");
                    table.CheckConstraint("ck_content_items_platform", "platform IN ('twitch', 'youtube', 'tiktok')");
                    table.ForeignKey(
                        name: "fk_content_items_channels_channel_id",
                        column: x => x.channel_id,
                        principalTable: "channels",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "content_revisions",
                columns: table => new
                {
                    id = table.Column<Guid>(type: "uuid", nullable: false),
                    content_item_id = table.Column<Guid>(type: "uuid", nullable: false),
                    user_id = table.Column<Guid>(type: "uuid", nullable: false),
                    field = table.Column<string>(type: "text", nullable: false),
                    old_value = table.Column<string>(type: "text", nullable: true),
                    new_value = table.Column<string>(type: "text", nullable: true),
                    source = table.Column<string>(type: "text", nullable: false),
                    reason = table.Column<string>(type: "text", nullable: true),
                    created_at = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false, defaultValueSql: "now()")
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_content_revisions", x => x.id);
                    table.ForeignKey(
                        name: "fk_content_revisions_content_items_content_item_id",
                        column: x => x.content_item_id,
                        principalTable: "content_items",
                        principalColumn: "id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "ix_platform_connections_next_sync_at",
                table: "platform_connections",
                column: "next_sync_at",
                filter: "is_active");

            migrationBuilder.AddCheckConstraint(
                name: "ck_platform_connections_status",
                table: "platform_connections",
                sql: "status IN ('connected', 'needs_reconnect')");

            migrationBuilder.CreateIndex(
                name: "ix_analytics_snapshots_channel_id",
                table: "analytics_snapshots",
                column: "channel_id",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_analytics_snapshots_user_id",
                table: "analytics_snapshots",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_channel_authorizations_expires_at",
                table: "channel_authorizations",
                column: "expires_at");

            migrationBuilder.CreateIndex(
                name: "ix_channel_authorizations_state_hash",
                table: "channel_authorizations",
                column: "state_hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_channel_authorizations_user_id",
                table: "channel_authorizations",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_channels_connection_id_platform_channel_id",
                table: "channels",
                columns: new[] { "connection_id", "platform_channel_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_channels_user_id",
                table: "channels",
                column: "user_id");

            migrationBuilder.CreateIndex(
                name: "ix_content_items_channel_id_platform_content_id",
                table: "content_items",
                columns: new[] { "channel_id", "platform_content_id" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "ix_content_items_search_vector",
                table: "content_items",
                column: "search_vector")
                .Annotation("Npgsql:IndexMethod", "GIN");

            migrationBuilder.CreateIndex(
                name: "ix_content_items_user_id_published_at",
                table: "content_items",
                columns: new[] { "user_id", "published_at" });

            migrationBuilder.CreateIndex(
                name: "ix_content_revisions_content_item_id_created_at",
                table: "content_revisions",
                columns: new[] { "content_item_id", "created_at" });

            // The same updated_at trigger as every other table (see UsageOnTheAppClock).
            foreach (var table in UpdatedTables)
            {
                migrationBuilder.Sql($"CREATE TRIGGER update_{table}_updated_at BEFORE UPDATE ON {table} FOR EACH ROW EXECUTE FUNCTION update_updated_at_column();");
            }
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in UpdatedTables)
            {
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS update_{table}_updated_at ON {table};");
            }

            migrationBuilder.DropTable(
                name: "analytics_snapshots");

            migrationBuilder.DropTable(
                name: "channel_authorizations");

            migrationBuilder.DropTable(
                name: "content_revisions");

            migrationBuilder.DropTable(
                name: "content_items");

            migrationBuilder.DropTable(
                name: "channels");

            migrationBuilder.DropIndex(
                name: "ix_platform_connections_next_sync_at",
                table: "platform_connections");

            migrationBuilder.DropCheckConstraint(
                name: "ck_platform_connections_status",
                table: "platform_connections");

            migrationBuilder.DropColumn(
                name: "avatar_url",
                table: "platform_connections");

            migrationBuilder.DropColumn(
                name: "display_name",
                table: "platform_connections");

            migrationBuilder.DropColumn(
                name: "last_error",
                table: "platform_connections");

            migrationBuilder.DropColumn(
                name: "last_synced_at",
                table: "platform_connections");

            migrationBuilder.DropColumn(
                name: "next_sync_at",
                table: "platform_connections");

            migrationBuilder.DropColumn(
                name: "refresh_token_expires_at",
                table: "platform_connections");

            migrationBuilder.DropColumn(
                name: "scopes",
                table: "platform_connections");

            migrationBuilder.DropColumn(
                name: "status",
                table: "platform_connections");

            migrationBuilder.DropColumn(
                name: "sync_failures",
                table: "platform_connections");
        }
    }
}
