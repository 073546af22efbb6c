// What one small WebSocket frame costs the kernel: CPU time per frame when frames are written to a
// loopback TCP socket one per write(), or coalesced 4 or 16 to a write(). A reader thread drains the
// other end. Prints one line per batch size: "floor batch=N cpu_ns_per_frame=X".
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define FRAMES 400000
#define FRAME 40 /* a 38-byte text frame and its 2-byte header, about the size of a short chat message */

static void *drain(void *arg) {
  int fd = *(int *)arg;
  char buffer[1 << 16];
  while (read(fd, buffer, sizeof buffer) > 0) {}
  return NULL;
}

static double thread_cpu_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

int main(void) {
  int listener = socket(AF_INET, SOCK_STREAM, 0);
  struct sockaddr_in address = {.sin_family = AF_INET, .sin_addr.s_addr = htonl(INADDR_LOOPBACK)};
  socklen_t length = sizeof address;
  bind(listener, (struct sockaddr *)&address, sizeof address);
  listen(listener, 1);
  getsockname(listener, (struct sockaddr *)&address, &length);
  int writer = socket(AF_INET, SOCK_STREAM, 0);
  connect(writer, (struct sockaddr *)&address, sizeof address);
  int reader = accept(listener, NULL, NULL);
  int one = 1;
  setsockopt(writer, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  pthread_t thread;
  pthread_create(&thread, NULL, drain, &reader);

  int batches[] = {1, 4, 16};
  char frames[16 * FRAME];
  memset(frames, 'x', sizeof frames);
  for (int b = 0; b < 3; b++) {
    int batch = batches[b];
    double start = thread_cpu_ns();
    for (int sent = 0; sent < FRAMES; sent += batch) {
      if (write(writer, frames, (size_t)batch * FRAME) < 0) { perror("write"); return 1; }
    }
    double per_frame = (thread_cpu_ns() - start) / FRAMES;
    printf("floor batch=%d cpu_ns_per_frame=%.0f\n", batch, per_frame);
  }
  close(writer);
  pthread_join(thread, NULL);
  return 0;
}
