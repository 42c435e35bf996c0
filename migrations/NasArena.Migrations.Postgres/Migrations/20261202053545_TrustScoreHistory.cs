using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace NasArena.Migrations.Postgres.Migrations
{
    /// <inheritdoc />
    public partial class TrustScoreHistory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "ScoreHistory",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    SubmissionId = table.Column<Guid>(type: "uuid", nullable: false),
                    ScoringRun = table.Column<int>(type: "integer", nullable: false),
                    PublicMetricsJson = table.Column<string>(type: "text", nullable: false),
                    PrivateMetricsJson = table.Column<string>(type: "text", nullable: false),
                    PublicPrimary = table.Column<double>(type: "double precision", nullable: true),
                    PrivatePrimary = table.Column<double>(type: "double precision", nullable: true),
                    ScorerVersion = table.Column<string>(type: "text", nullable: false),
                    ProvenanceJson = table.Column<string>(type: "text", nullable: true),
                    ScoredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReplacedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ScoreHistory", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ScoreHistory_Submissions_SubmissionId",
                        column: x => x.SubmissionId,
                        principalTable: "Submissions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ScoreHistory_SubmissionId_ScoringRun",
                table: "ScoreHistory",
                columns: new[] { "SubmissionId", "ScoringRun" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "ScoreHistory");
        }
    }
}
