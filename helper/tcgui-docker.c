/* tcgui-docker.c - a client of the Docker Engine API (Docker, Podman) on a unix socket
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#define G_LOG_DOMAIN "tcgui-docker"

#include "config.h"

#include <fcntl.h>
#include <string.h>
#include <unistd.h>

#include <libsoup/soup.h>

#include "tcgui-docker.h"
#include "tcgui-error.h"
#include "tcgui-runtime-socket.h"

/* Docker 20.10 speaks API 1.41 and Podman 4's compat layer accepts it too:
 * one client for both. The event stream is a never-ending chunked answer
 * of newline-separated JSON objects. */
#define API_PREFIX        "/v1.41"
#define RETRY_MIN_MSEC    250
#define RETRY_MAX_MSEC    30000
/* Retries when the socket's directory cannot be watched: see watch_socket_dir(). */
#define RETRY_UNWATCHED_MAX_MSEC 5000
#define MAX_ANSWER_BYTES  TCGUI_RUNTIME_MAX_ANSWER_BYTES
#define MAX_EVENT_BYTES   TCGUI_RUNTIME_MAX_EVENT_BYTES
#define READ_CHUNK_BYTES  65536
#define MAX_REQUESTS      16   /* in flight per runtime, each with its own connection */
/* The whole of one answer, headers and body, from when the request is
 * sent (not while it waits for one of the session's connections): a
 * daemon that trickles a byte now and then (never idle long enough for
 * the session's I/O timeout) cannot hold a request, and what waits on
 * it, forever. */
#define ANSWER_DEADLINE_SEC 60

struct _TcguiDockerClient
{
  GObject           parent_instance;

  char             *name;
  char             *socket_path;
  gboolean          libpod;

  TcguiRuntimeSocket *socket;       /* each request gets its own connection */
  guint             n_requests;     /* GETs in flight, at most MAX_REQUESTS */
  GQueue            waiting;        /* GTask: GETs waiting for one to end */
  SoupSession      *events_session; /* the event stream's: no timeout */
  GCancellable     *events_cancellable;
  GInputStream     *events;
  GByteArray       *pending_line;   /* an event line not complete yet */
  GFileMonitor     *socket_monitor;
  guint             retry_id;
  guint             retry_msec;
  guint             retry_max_msec;   /* RETRY_MAX_MSEC, or less when not watched */
  char             *refused;        /* why the stream's last event was refused */
  gboolean          running;
  gboolean          connected;
};

G_DEFINE_FINAL_TYPE (TcguiDockerClient, tcgui_docker_client, G_TYPE_OBJECT)

enum {
  CONNECTED,
  DISCONNECTED,
  EVENT,
  N_SIGNALS
};

static guint signals[N_SIGNALS];

static void connect_events (TcguiDockerClient *self);

static SoupMessage *
new_message (const char *path)
{
  g_autofree char *uri = g_strconcat ("http://localhost", path, NULL);

  return soup_message_new (SOUP_METHOD_GET, uri);
}

/* ---- GET ---------------------------------------------------------------- */

/* A request in flight: the answer is read in chunks so that its size is
 * checked while it arrives, not after a daemon made us buffer it all. */
typedef struct
{
  TcguiDockerClient *client;   /* a reference once started: it outlives the task's */
  SoupSession  *session;       /* its own: one connection, see tcgui-runtime-socket.c */
  SoupMessage  *msg;
  GInputStream *stream;
  GByteArray   *body;
  GCancellable *cancellable;   /* cancelled by the caller's, and the deadline */
  GCancellable *caller_cancellable;
  gulong        chained_id;
  guint         deadline_id;
  gboolean      late;
} GetRequest;

static void start_get (GTask *task);

/* A daemon that lists thousands of containers must not make root open as
 * many connections at once: the next GET starts when one ends. */
static void
get_request_free (GetRequest *request)
{
  TcguiDockerClient *self = request->client;

  g_clear_handle_id (&request->deadline_id, g_source_remove);
  if (request->chained_id != 0)
    g_cancellable_disconnect (request->caller_cancellable, request->chained_id);
  g_clear_object (&request->caller_cancellable);
  g_clear_object (&request->cancellable);
  if (request->msg != NULL)
    g_signal_handlers_disconnect_by_data (request->msg, request);
  g_clear_object (&request->msg);
  g_clear_object (&request->stream);
  g_clear_object (&request->session);
  g_clear_pointer (&request->body, g_byte_array_unref);
  g_free (request);

  if (self == NULL)
    return;   /* It never started. */
  self->n_requests--;
  if (!g_queue_is_empty (&self->waiting))
    {
      self->n_requests++;
      start_get (g_queue_pop_head (&self->waiting));
    }
  g_object_unref (self);
}

static void read_body (GTask *task);

static gboolean
deadline_cb (gpointer data)
{
  GetRequest *request = data;

  request->deadline_id = 0;
  request->late = TRUE;
  g_cancellable_cancel (request->cancellable);
  return G_SOURCE_REMOVE;
}

static void
request_starting_cb (SoupMessage *msg,
                     GetRequest  *request)
{
  if (request->deadline_id == 0 && !request->late)
    request->deadline_id = g_timeout_add_seconds (ANSWER_DEADLINE_SEC, deadline_cb, request);
}

static void
caller_cancelled_cb (GCancellable *caller,
                     GCancellable *mine)
{
  g_cancellable_cancel (mine);
}

/* Like g_task_return_error(), but an answer cut by the deadline is the
 * runtime's fault, not a cancellation by the caller. */
static void
return_read_error (GTask       *task,
                   const char  *what,
                   GError      *error)
{
  TcguiDockerClient *self = g_task_get_source_object (task);
  GetRequest *request = g_task_get_task_data (task);

  if (request->late)
    g_task_return_new_error (task, TCGUI_ERROR, TCGUI_ERROR_RUNTIME_UNAVAILABLE,
                             "%s did not answer within %u s", self->name, ANSWER_DEADLINE_SEC);
  else if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    g_task_return_error (task, g_error_copy (error));
  else
    g_task_return_new_error (task, TCGUI_ERROR, TCGUI_ERROR_RUNTIME_UNAVAILABLE,
                             "%s: %s: %s", self->name, what, error->message);
}

static void
read_body_cb (GObject      *object,
              GAsyncResult *result,
              gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TcguiDockerClient *self = g_task_get_source_object (task);
  GetRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;

  if (!(chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error)))
    return_read_error (task, "cannot read the answer", error);
  else if (g_bytes_get_size (chunk) == 0)
    g_task_return_pointer (task, g_byte_array_free_to_bytes (g_steal_pointer (&request->body)),
                           (GDestroyNotify) g_bytes_unref);
  else if (request->body->len + g_bytes_get_size (chunk) > MAX_ANSWER_BYTES)
    g_task_return_new_error (task, TCGUI_ERROR, TCGUI_ERROR_FAILED,
                             "%s sent an answer larger than %u MiB", self->name,
                             MAX_ANSWER_BYTES >> 20);
  else
    {
      g_byte_array_append (request->body, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
      read_body (g_steal_pointer (&task));
    }
}

static void
read_body (GTask *task)
{
  GetRequest *request = g_task_get_task_data (task);

  g_input_stream_read_bytes_async (request->stream, READ_CHUNK_BYTES, G_PRIORITY_DEFAULT,
                                   request->cancellable, read_body_cb, task);
}

static void
get_sent_cb (GObject      *object,
             GAsyncResult *result,
             gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TcguiDockerClient *self = g_task_get_source_object (task);
  GetRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;
  guint status;

  if (!(request->stream = soup_session_send_finish (SOUP_SESSION (object), result, &error)))
    {
      g_autofree char *what = g_strdup_printf ("not available at %s", self->socket_path);

      /* A daemon that is not HTTP ends here too ("Could not parse HTTP response"). */
      return_read_error (task, what, error);
      return;
    }

  status = soup_message_get_status (request->msg);
  if (status == SOUP_STATUS_NOT_FOUND)
    g_task_return_new_error (task, TCGUI_ERROR, TCGUI_ERROR_NO_SUCH_CONTAINER,
                             "%s: %s not found", self->name,
                             g_uri_get_path (soup_message_get_uri (request->msg)));
  else if (status != SOUP_STATUS_OK)
    g_task_return_new_error (task, TCGUI_ERROR, TCGUI_ERROR_RUNTIME_UNAVAILABLE,
                             "%s answered %u %s", self->name, status,
                             soup_message_get_reason_phrase (request->msg));
  else
    read_body (g_steal_pointer (&task));
}

static void
get_opened_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(GTask) task = user_data;
  TcguiDockerClient *self = g_task_get_source_object (task);
  GetRequest *request = g_task_get_task_data (task);
  g_autoptr(GError) error = NULL;

  request->session = tcgui_runtime_socket_open_finish (TCGUI_RUNTIME_SOCKET (object), result, &error);
  if (request->session == NULL)
    {
      g_task_return_new_error (task, TCGUI_ERROR, TCGUI_ERROR_RUNTIME_UNAVAILABLE,
                               "%s is not available at %s: %s",
                               self->name, self->socket_path, error->message);
      return;
    }
  soup_session_send_async (request->session, request->msg, G_PRIORITY_DEFAULT,
                           request->cancellable, get_sent_cb, g_steal_pointer (&task));
}

static void
start_get (GTask *task)
{
  TcguiDockerClient *self = g_task_get_source_object (task);
  GetRequest *request = g_task_get_task_data (task);

  request->client = g_object_ref (self);
  tcgui_runtime_socket_open_async (self->socket, 10, request->cancellable,
                                   get_opened_cb, task);
}

/**
 * tcgui_docker_client_get_async:
 * @path: the request path below the API version, e.g. "/containers/json"
 *
 * GETs @path; the answer's body is returned when the status is 200.
 * 404 becomes %TCGUI_ERROR_NO_SUCH_CONTAINER, an unreachable daemon
 * %TCGUI_ERROR_RUNTIME_UNAVAILABLE.
 */
void
tcgui_docker_client_get_async (TcguiDockerClient   *self,
                               const char          *path,
                               GCancellable        *cancellable,
                               GAsyncReadyCallback  callback,
                               gpointer             user_data)
{
  g_autoptr(GTask) task = NULL;
  g_autofree char *full = NULL;
  GetRequest *request;

  g_return_if_fail (TCGUI_IS_DOCKER_CLIENT (self));
  g_return_if_fail (path != NULL && path[0] == '/');

  task = g_task_new (self, cancellable, callback, user_data);
  g_task_set_source_tag (task, tcgui_docker_client_get_async);

  /* libpod paths carry their own version prefix. */
  full = g_str_has_prefix (path, "/v") ? g_strdup (path) : g_strconcat (API_PREFIX, path, NULL);
  request = g_new0 (GetRequest, 1);
  request->msg = new_message (full);
  request->body = g_byte_array_new ();
  request->cancellable = g_cancellable_new ();
  if (cancellable != NULL)
    {
      request->caller_cancellable = g_object_ref (cancellable);
      request->chained_id = g_cancellable_connect (cancellable, G_CALLBACK (caller_cancelled_cb),
                                                   g_object_ref (request->cancellable), g_object_unref);
    }
  g_signal_connect (request->msg, "starting", G_CALLBACK (request_starting_cb), request);
  g_task_set_task_data (task, request, (GDestroyNotify) get_request_free);
  if (self->n_requests >= MAX_REQUESTS)
    {
      g_queue_push_tail (&self->waiting, g_steal_pointer (&task));
      return;
    }
  self->n_requests++;
  start_get (g_steal_pointer (&task));
}

GBytes *
tcgui_docker_client_get_finish (TcguiDockerClient  *self,
                                GAsyncResult       *result,
                                GError            **error)
{
  g_return_val_if_fail (g_task_is_valid (result, self), NULL);

  return g_task_propagate_pointer (G_TASK (result), error);
}

/* ---- the event stream --------------------------------------------------- */

static gboolean
retry_cb (gpointer data)
{
  TcguiDockerClient *self = data;

  self->retry_id = 0;
  connect_events (self);
  return G_SOURCE_REMOVE;
}

static void
schedule_retry (TcguiDockerClient *self)
{
  if (!self->running || self->retry_id != 0)
    return;
  self->retry_id = g_timeout_add (self->retry_msec, retry_cb, self);
  self->retry_msec = MIN (self->retry_msec * 2, self->retry_max_msec);
}

static void
close_events_session (TcguiDockerClient *self)
{
  if (self->events_session != NULL)
    soup_session_abort (self->events_session);
  g_clear_object (&self->events_session);
}

static void
stream_ended (TcguiDockerClient *self,
              const char        *why)
{
  g_debug ("%s: event stream ended: %s", self->name, why);
  g_clear_object (&self->events);
  g_clear_object (&self->events_cancellable);
  close_events_session (self);
  g_byte_array_set_size (self->pending_line, 0);
  self->connected = FALSE;
  /* Also when an attempt failed: the listener learns why. */
  g_signal_emit (self, signals[DISCONNECTED], 0, why);
  schedule_retry (self);
}

/* An event that cannot be read may have been a change: the stream is
 * dropped, to resync when it is back. Its reconnections keep backing off
 * until a valid event arrives, so that a daemon sending only such events
 * cannot make us resync four times a second. */
static gboolean
handle_line (TcguiDockerClient *self,
             const char        *line,
             gsize              length)
{
  g_autoptr(TcguiRuntimeEvent) event = NULL;
  g_autoptr(GError) error = NULL;

  if (length == 0)
    return TRUE;
  if (!(event = tcgui_runtime_parse_event (line, length, &error)))
    {
      g_free (self->refused);
      self->refused = g_strdup_printf ("an event was refused: %s", error->message);
      return FALSE;
    }
  g_clear_pointer (&self->refused, g_free);
  self->retry_msec = RETRY_MIN_MSEC;
  if (event->kind != TCGUI_RUNTIME_EVENT_IGNORED)
    g_signal_emit (self, signals[EVENT], 0, event);
  return TRUE;
}

static void read_chunk (TcguiDockerClient *self);

/* Splits what arrived into lines. A daemon we do not control (a user's
 * rootless Podman) must not make root buffer an endless line. */
static gboolean
take_chunk (TcguiDockerClient *self,
            GBytes            *chunk)
{
  GByteArray *buf = self->pending_line;
  guint8 *nl;

  g_byte_array_append (buf, g_bytes_get_data (chunk, NULL), g_bytes_get_size (chunk));
  while ((nl = memchr (buf->data, '\n', buf->len)) != NULL)
    {
      gsize length = nl - buf->data;

      if (length > 0 && buf->data[length - 1] == '\r')
        length--;
      if (length > MAX_EVENT_BYTES)
        break;
      if (!handle_line (self, (const char *) buf->data, length))
        return FALSE;
      g_byte_array_remove_range (buf, 0, (nl - buf->data) + 1);
    }
  if (buf->len > MAX_EVENT_BYTES)
    {
      g_free (self->refused);
      self->refused = g_strdup_printf ("an event is larger than %u KiB", MAX_EVENT_BYTES >> 10);
      return FALSE;
    }
  return TRUE;
}

static void
read_chunk_cb (GObject      *object,
               GAsyncResult *result,
               gpointer      user_data)
{
  g_autoptr(TcguiDockerClient) self = user_data;
  g_autoptr(GError) error = NULL;
  g_autoptr(GBytes) chunk = NULL;

  chunk = g_input_stream_read_bytes_finish (G_INPUT_STREAM (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED) ||
      G_INPUT_STREAM (object) != self->events)
    return;
  if (chunk == NULL || g_bytes_get_size (chunk) == 0)
    {
      stream_ended (self, error ? error->message : "end of stream");
      return;
    }
  if (!take_chunk (self, chunk))
    {
      g_autofree char *why = g_strdup (self->refused);

      stream_ended (self, why);
      return;
    }
  read_chunk (self);
}

static void
read_chunk (TcguiDockerClient *self)
{
  g_input_stream_read_bytes_async (self->events, READ_CHUNK_BYTES, G_PRIORITY_DEFAULT,
                                   self->events_cancellable, read_chunk_cb, g_object_ref (self));
}

static void
events_sent_cb (GObject      *object,
                GAsyncResult *result,
                gpointer      user_data)
{
  g_autoptr(TcguiDockerClient) self = user_data;
  g_autoptr(SoupMessage) msg = NULL;
  g_autoptr(GInputStream) stream = NULL;
  g_autoptr(GError) error = NULL;

  msg = g_object_ref (soup_session_get_async_result_message (SOUP_SESSION (object), result));
  stream = soup_session_send_finish (SOUP_SESSION (object), result, &error);
  if (g_error_matches (error, G_IO_ERROR, G_IO_ERROR_CANCELLED))
    return;
  if (stream == NULL || soup_message_get_status (msg) != SOUP_STATUS_OK)
    {
      stream_ended (self, error ? error->message : soup_message_get_reason_phrase (msg));
      return;
    }

  self->events = g_steal_pointer (&stream);
  if (self->refused == NULL)
    self->retry_msec = RETRY_MIN_MSEC;
  self->connected = TRUE;
  g_debug ("%s: connected to %s", self->name, self->socket_path);
  /* The listener resyncs now: events from here on are not missed. */
  g_signal_emit (self, signals[CONNECTED], 0);
  if (self->events != NULL)
    read_chunk (self);
}

static void
events_opened_cb (GObject      *object,
                  GAsyncResult *result,
                  gpointer      user_data)
{
  g_autoptr(TcguiDockerClient) self = user_data;
  g_autoptr(SoupMessage) msg = new_message (API_PREFIX "/events");
  g_autoptr(SoupSession) session = NULL;
  g_autoptr(GError) error = NULL;

  session = tcgui_runtime_socket_open_finish (TCGUI_RUNTIME_SOCKET (object), result, &error);
  /* Stopped meanwhile (and maybe started again, with a new cancellable). */
  if (g_cancellable_is_cancelled (g_task_get_cancellable (G_TASK (result))))
    return;
  if (session == NULL)
    {
      stream_ended (self, error->message);
      return;
    }
  g_set_object (&self->events_session, session);
  soup_session_send_async (self->events_session, msg, G_PRIORITY_DEFAULT,
                           self->events_cancellable, events_sent_cb, g_object_ref (self));
}

static void
connect_events (TcguiDockerClient *self)
{
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->events_cancellable != NULL)
    return;   /* A connection is being made or is up. */

  self->events_cancellable = g_cancellable_new ();
  tcgui_runtime_socket_open_async (self->socket, 0, self->events_cancellable,
                                   events_opened_cb, g_object_ref (self));
}

/* A daemon that starts (again) creates its socket: try at once rather
 * than when the back-off timer fires. */
static void
socket_changed_cb (GFileMonitor      *monitor,
                   GFile             *file,
                   GFile             *other,
                   GFileMonitorEvent  event,
                   TcguiDockerClient *self)
{
  g_autofree char *path = g_file_get_path (file);

  if (!self->running || self->connected || g_strcmp0 (path, self->socket_path) != 0)
    return;
  if (event == G_FILE_MONITOR_EVENT_CREATED || event == G_FILE_MONITOR_EVENT_ATTRIBUTE_CHANGED ||
      event == G_FILE_MONITOR_EVENT_CHANGES_DONE_HINT)
    {
      self->retry_msec = RETRY_MIN_MSEC;
      g_clear_handle_id (&self->retry_id, g_source_remove);
      self->retry_id = g_timeout_add (50, retry_cb, self);
    }
}

static gboolean
can_read_dir (GFile *dir)
{
  g_autofree char *path = g_file_get_path (dir);
  int fd = open (path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC);

  if (fd < 0)
    return FALSE;
  close (fd);
  return TRUE;
}

/* The helper keeps no capability that overrides file permissions, so it
 * cannot watch a user's 0700 /run/user/UID/podman (GLib's monitor would
 * quietly never fire), nor a directory that does not exist yet: then a
 * daemon started later is found by retrying, at most a few seconds apart,
 * instead of backing off to half a minute. */
static void
watch_socket_dir (TcguiDockerClient *self)
{
  g_autoptr(GFile) file = g_file_new_for_path (self->socket_path);
  g_autoptr(GFile) dir = g_file_get_parent (file);

  if (!can_read_dir (dir))
    {
      self->retry_max_msec = RETRY_UNWATCHED_MAX_MSEC;
      return;
    }
  self->retry_max_msec = RETRY_MAX_MSEC;
  self->socket_monitor = g_file_monitor_directory (dir, G_FILE_MONITOR_NONE, NULL, NULL);
  if (self->socket_monitor != NULL)
    g_signal_connect_object (self->socket_monitor, "changed",
                             G_CALLBACK (socket_changed_cb), self, 0);
}

/**
 * tcgui_docker_client_start:
 *
 * Opens the event stream and keeps it open: ::connected is emitted each
 * time it (re)opens (resync then), ::disconnected when it breaks,
 * ::event for each event that matters to the inventory.
 */
void
tcgui_docker_client_start (TcguiDockerClient *self)
{
  g_return_if_fail (TCGUI_IS_DOCKER_CLIENT (self));

  if (self->running)
    return;
  self->running = TRUE;
  self->retry_msec = RETRY_MIN_MSEC;
  if (self->socket_monitor == NULL)
    watch_socket_dir (self);
  connect_events (self);
}

void
tcgui_docker_client_stop (TcguiDockerClient *self)
{
  g_return_if_fail (TCGUI_IS_DOCKER_CLIENT (self));

  self->running = FALSE;
  self->connected = FALSE;
  g_clear_handle_id (&self->retry_id, g_source_remove);
  if (self->events_cancellable != NULL)
    g_cancellable_cancel (self->events_cancellable);
  g_clear_object (&self->events_cancellable);
  g_clear_object (&self->events);
  close_events_session (self);
  if (self->socket_monitor != NULL)
    g_file_monitor_cancel (self->socket_monitor);
  g_clear_object (&self->socket_monitor);
}

/* ---- object ------------------------------------------------------------- */

static void
tcgui_docker_client_dispose (GObject *object)
{
  TcguiDockerClient *self = (TcguiDockerClient *)object;

  tcgui_docker_client_stop (self);
  g_clear_object (&self->socket);

  G_OBJECT_CLASS (tcgui_docker_client_parent_class)->dispose (object);
}

static void
tcgui_docker_client_finalize (GObject *object)
{
  TcguiDockerClient *self = (TcguiDockerClient *)object;

  g_free (self->name);
  g_free (self->socket_path);
  g_free (self->refused);
  g_byte_array_unref (self->pending_line);

  G_OBJECT_CLASS (tcgui_docker_client_parent_class)->finalize (object);
}

static void
tcgui_docker_client_class_init (TcguiDockerClientClass *klass)
{
  GObjectClass *object_class = G_OBJECT_CLASS (klass);

  object_class->dispose = tcgui_docker_client_dispose;
  object_class->finalize = tcgui_docker_client_finalize;

  signals[CONNECTED] =
    g_signal_new ("connected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 0);
  /* Emitted when the stream breaks and when an attempt fails. */
  signals[DISCONNECTED] =
    g_signal_new ("disconnected", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_STRING);
  /* The TcguiRuntimeEvent is only valid during the emission. */
  signals[EVENT] =
    g_signal_new ("event", G_TYPE_FROM_CLASS (klass), G_SIGNAL_RUN_LAST,
                  0, NULL, NULL, NULL, G_TYPE_NONE, 1, G_TYPE_POINTER);
}

static void
tcgui_docker_client_init (TcguiDockerClient *self)
{
  self->pending_line = g_byte_array_new ();
  self->retry_max_msec = RETRY_MAX_MSEC;
}

/**
 * tcgui_docker_client_new:
 * @name: the runtime's name in the inventory ("docker", "podman", ...)
 * @socket_path: the API socket; from the helper's own configuration only
 * @libpod: whether the daemon also has Podman's libpod API (used for
 *   networks: only it names their bridge interface)
 */
TcguiDockerClient *
tcgui_docker_client_new (const char *name,
                         const char *socket_path,
                         gboolean    libpod)
{
  TcguiDockerClient *self;

  g_return_val_if_fail (name != NULL, NULL);
  g_return_val_if_fail (socket_path != NULL && g_path_is_absolute (socket_path), NULL);

  self = g_object_new (TCGUI_TYPE_DOCKER_CLIENT, NULL);
  self->name = g_strdup (name);
  self->socket_path = g_strdup (socket_path);
  self->libpod = libpod;
  self->socket = tcgui_runtime_socket_new (socket_path, G_MAXUINT32);
  return self;
}

const char *
tcgui_docker_client_get_name (TcguiDockerClient *self)
{
  return self->name;
}

const char *
tcgui_docker_client_get_socket_path (TcguiDockerClient *self)
{
  return self->socket_path;
}

gboolean
tcgui_docker_client_get_connected (TcguiDockerClient *self)
{
  return self->connected;
}

/**
 * tcgui_docker_client_set_expected_uid:
 * @uid: the user whose rootless runtime this is, or %G_MAXUINT32
 *
 * The socket must lie below /run/user/UID; it is reached with that user's
 * file permissions and believed only when the daemon runs as @uid
 * (SO_PEERCRED).
 */
void
tcgui_docker_client_set_expected_uid (TcguiDockerClient *self,
                                      guint32            uid)
{
  g_return_if_fail (TCGUI_IS_DOCKER_CLIENT (self));

  g_clear_object (&self->socket);
  self->socket = tcgui_runtime_socket_new (self->socket_path, uid);
}

const char *
tcgui_docker_client_networks_path (TcguiDockerClient *self)
{
  return self->libpod ? "/v4.0.0/libpod/networks/json" : "/networks";
}
