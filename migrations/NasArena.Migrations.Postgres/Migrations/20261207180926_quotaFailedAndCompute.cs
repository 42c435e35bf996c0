using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasArena.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class quotaFailedAndCompute : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ComputeSource",
                table: "Submissions",
                type: "character varying(64)",
                maxLength: 64,
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "CountsAsFailed",
                table: "Submissions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "CpuSeconds",
                table: "Submissions",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<bool>(
                name: "FailedByParticipant",
                table: "Submissions",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<double>(
                name: "GpuSeconds",
                table: "Submissions",
                type: "double precision",
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "PeakMemoryBytes",
                table: "Submissions",
                type: "bigint",
                nullable: false,
                defaultValue: 0L);

            migrationBuilder.AddColumn<double>(
                name: "WallSeconds",
                table: "Submissions",
                type: "double precision",
                nullable: false,
                defaultValue: 0.0);

            migrationBuilder.AddColumn<int>(
                name: "FailedDailyLimit",
                table: "Phases",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "FailedTotalLimit",
                table: "Phases",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "FailurePolicy",
                table: "Phases",
                type: "character varying(16)",
                maxLength: 16,
                nullable: false,
                defaultValue: "Count"); // existing phases keep the old rule (ADR 0043); EF generates ""
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "ComputeSource",
                table: "Submissions");

            migrationBuilder.DropColumn(
                name: "CountsAsFailed",
                table: "Submissions");

            migrationBuilder.DropColumn(
                name: "CpuSeconds",
                table: "Submissions");

            migrationBuilder.DropColumn(
                name: "FailedByParticipant",
                table: "Submissions");

            migrationBuilder.DropColumn(
                name: "GpuSeconds",
                table: "Submissions");

            migrationBuilder.DropColumn(
                name: "PeakMemoryBytes",
                table: "Submissions");

            migrationBuilder.DropColumn(
                name: "WallSeconds",
                table: "Submissions");

            migrationBuilder.DropColumn(
                name: "FailedDailyLimit",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "FailedTotalLimit",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "FailurePolicy",
                table: "Phases");
        }
    }
}
