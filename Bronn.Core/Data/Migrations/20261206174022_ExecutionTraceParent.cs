using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bronn.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class ExecutionTraceParent : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "trace_parent",
                table: "executions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "trace_parent",
                table: "executions");
        }
    }
}
