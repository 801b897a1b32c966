// Monitoring and early warning (issue 13, plan 四(三)1 城市生命线): the module's public surface.
export { monitoringRoutes } from './monitoring.routes.ts';
export { registerMonitoringEvents } from './monitoring.events.ts';
export { monitoringJobNames, registerMonitoringJobs } from './monitoring.jobs.ts';
export { READINGS_STREAM, createSensorsService, defineReadingsStream } from './sensors.service.ts';
export { createAlarmsService, runAlarmEscalation, runOfflineDetection } from './alarms.service.ts';
export * from './monitoring.table.ts';
export { SIMULATOR_PREFIX, seedSimulatedSensors, startSimulator } from './monitoring.simulator.ts';
/** Read contracts for supervision: alarms closed on time (bulletins), an object's open alarms (risk). */
export { alarmsClosedOnTime, openAlarmsByObject } from './alarms.figures.ts';
