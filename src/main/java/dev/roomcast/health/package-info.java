/**
 * Health reporting for load balancers and tests: {@link dev.roomcast.health.HealthCheck} builds the
 * report, {@link dev.roomcast.health.HealthResource} serves it (Jakarta REST, on every runtime).
 */
package dev.roomcast.health;
