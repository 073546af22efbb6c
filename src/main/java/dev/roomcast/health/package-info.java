/**
 * Health reporting for load balancers and tests: {@link dev.roomcast.health.HealthCheck} builds the
 * report, {@link dev.roomcast.health.HealthServlet} serves it in the WAR.
 */
package dev.roomcast.health;
