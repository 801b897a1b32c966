-- Readings, partitioned by month (declarative partitioning; the same on PGlite and PostgreSQL).
-- Partitions readings_yYYYYmMM are created by the monitoring module ahead of time and on demand;
-- old ones are dropped for retention (server/modules/monitoring/readings.partitions.ts).
CREATE TABLE "readings" (
	"sensor_id" uuid NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"value" double precision NOT NULL,
	CONSTRAINT "readings_pkey" PRIMARY KEY ("sensor_id", "at")
) PARTITION BY RANGE ("at");
