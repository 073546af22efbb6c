/**
 * The concurrency pieces every other concern builds on, and which know nothing of Roomcast:
 * {@link dev.roomcast.concurrent.SerialExecutor} (tasks one at a time, in order, on the submitting threads, without
 * a lock: a room's state lives in one), {@link dev.roomcast.concurrent.ThreadStripes} (one thread per core, the same
 * one for equal keys) and the application's {@link dev.roomcast.concurrent.Scheduler} (periodic work and one-off
 * timers). Depends on nothing else in Roomcast; docs/ARCHITECTURE.md says which thread runs what.
 */
package dev.roomcast.concurrent;
