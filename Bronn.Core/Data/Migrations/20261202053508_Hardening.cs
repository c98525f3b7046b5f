using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bronn.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Hardening : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_execution_steps_execution_id_node_id",
                table: "execution_steps");

            migrationBuilder.AddColumn<int>(
                name: "revision",
                table: "workflows",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<Guid>(
                name: "security_stamp",
                table: "users",
                type: "uuid",
                nullable: false,
                defaultValueSql: "gen_random_uuid()");

            migrationBuilder.AddColumn<int>(
                name: "crashes",
                table: "executions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "scheduler_version",
                table: "executions",
                type: "integer",
                nullable: false,
                defaultValue: 1);

            migrationBuilder.AddColumn<string>(
                name: "items",
                table: "execution_steps",
                type: "jsonb",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "key",
                table: "execution_steps",
                type: "character varying(200)",
                maxLength: 200,
                nullable: false,
                defaultValue: "");

            // Every step so far ran its node once, on one item: its key is the node's first activation.
            migrationBuilder.Sql("UPDATE execution_steps SET key = node_id || '#0'");

            migrationBuilder.CreateIndex(
                name: "ix_execution_steps_execution_id_key",
                table: "execution_steps",
                columns: new[] { "execution_id", "key" },
                unique: true,
                filter: "status <> 'failed'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_execution_steps_execution_id_key",
                table: "execution_steps");

            migrationBuilder.DropColumn(
                name: "revision",
                table: "workflows");

            migrationBuilder.DropColumn(
                name: "security_stamp",
                table: "users");

            migrationBuilder.DropColumn(
                name: "crashes",
                table: "executions");

            migrationBuilder.DropColumn(
                name: "scheduler_version",
                table: "executions");

            migrationBuilder.DropColumn(
                name: "items",
                table: "execution_steps");

            migrationBuilder.DropColumn(
                name: "key",
                table: "execution_steps");

            migrationBuilder.CreateIndex(
                name: "ix_execution_steps_execution_id_node_id",
                table: "execution_steps",
                columns: new[] { "execution_id", "node_id" },
                unique: true,
                filter: "status <> 'failed'");
        }
    }
}
