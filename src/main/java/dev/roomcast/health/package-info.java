/**
 * Health reporting for load balancers and tests: {@link dev.roomcast.health.HealthCheck} builds the
 * report, {@link dev.roomcast.health.HealthResource} serves it (Jakarta REST, on every runtime). Depends on the
 * registry and the room store, whose counts and broker it reports.
 */
package dev.roomcast.health;
