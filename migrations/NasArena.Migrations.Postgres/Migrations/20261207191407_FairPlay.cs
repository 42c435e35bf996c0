using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasArena.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class FairPlay : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            // Existing accounts keep getting mail (true), as new ones do: opting out is the user's choice.
            migrationBuilder.AddColumn<bool>(
                name: "MailAnnouncements",
                table: "Users",
                type: "boolean",
                nullable: false,
                defaultValue: true);

            migrationBuilder.AddColumn<bool>(
                name: "MailOnSubmissionEnd",
                table: "Users",
                type: "boolean",
                nullable: false,
                defaultValue: true);

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

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "PickedAt",
                table: "Submissions",
                type: "timestamp with time zone",
                nullable: true);

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

            migrationBuilder.AddColumn<int>(
                name: "FinalPicks",
                table: "Phases",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "FreezesAt",
                table: "Phases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "PublicMetric",
                table: "Phases",
                type: "text",
                nullable: true);

            migrationBuilder.AddColumn<DateTimeOffset>(
                name: "RevealsAt",
                table: "Phases",
                type: "timestamp with time zone",
                nullable: true);

            migrationBuilder.AddColumn<bool>(
                name: "SplitBoards",
                table: "Phases",
                type: "boolean",
                nullable: false,
                defaultValue: false);

            migrationBuilder.AddColumn<int>(
                name: "MaxRunningPerTeam",
                table: "Competitions",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "Announcements",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    CompetitionId = table.Column<Guid>(type: "uuid", nullable: false),
                    AuthorId = table.Column<Guid>(type: "uuid", nullable: false),
                    Subject = table.Column<string>(type: "character varying(150)", maxLength: 150, nullable: false),
                    Body = table.Column<string>(type: "text", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Recipients = table.Column<int>(type: "integer", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Announcements", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Announcements_Competitions_CompetitionId",
                        column: x => x.CompetitionId,
                        principalTable: "Competitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Announcements_CompetitionId_CreatedAt",
                table: "Announcements",
                columns: new[] { "CompetitionId", "CreatedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Announcements");

            migrationBuilder.DropColumn(
                name: "MailAnnouncements",
                table: "Users");

            migrationBuilder.DropColumn(
                name: "MailOnSubmissionEnd",
                table: "Users");

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
                name: "PickedAt",
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

            migrationBuilder.DropColumn(
                name: "FinalPicks",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "FreezesAt",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "PublicMetric",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "RevealsAt",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "SplitBoards",
                table: "Phases");

            migrationBuilder.DropColumn(
                name: "MaxRunningPerTeam",
                table: "Competitions");
        }
    }
}
