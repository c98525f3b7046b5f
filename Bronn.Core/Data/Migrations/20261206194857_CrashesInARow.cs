using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Bronn.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class CrashesInARow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<long>(
                name: "progress_at_last_crash",
                table: "executions",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "progress_at_last_crash",
                table: "executions");
        }
    }
}
