using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bronn.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ErrorWorkflows : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<Guid>(
                name: "parent_execution_id",
                table: "executions",
                type: "uuid",
                nullable: true);

            migrationBuilder.CreateIndex(
                name: "ix_executions_parent_execution_id",
                table: "executions",
                column: "parent_execution_id",
                filter: "parent_execution_id IS NOT NULL");

            migrationBuilder.CreateIndex(
                name: "ix_executions_parent_execution_id_trigger_type",
                table: "executions",
                columns: new[] { "parent_execution_id", "trigger_type" },
                unique: true,
                filter: "parent_execution_id IS NOT NULL AND trigger_type = 'error'");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "ix_executions_parent_execution_id",
                table: "executions");

            migrationBuilder.DropIndex(
                name: "ix_executions_parent_execution_id_trigger_type",
                table: "executions");

            migrationBuilder.DropColumn(
                name: "parent_execution_id",
                table: "executions");
        }
    }
}
