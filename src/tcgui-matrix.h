/* tcgui-matrix.h - a network's latency matrix: the model and applying it
 *
 * Copyright 2026 The TC GUI developers
 *
 * SPDX-License-Identifier: GPL-3.0-or-later
 */

#pragma once

#include "tcgui-helper-client.h"
#include "tcgui-inventory.h"

G_BEGIN_DECLS

/* The link from one container to another: what its flow does. */
typedef struct
{
  guint32   delay_us;
  double    loss;
  guint64   rate_bps;
  gboolean  partition;
} TcguiMatrixCell;

/* One running container of the network: a row and a column. */
typedef struct
{
  char   *key;            /* the inventory's container key: the flows' "peer" */
  char   *name;
  char   *namespace_id;
  char   *ifname;         /* its interface on the network */
  char   *address;        /* its address there: the flows' "prefix" */
  char   *error;          /* the last apply's failure for its row, or NULL */
} TcguiMatrixMember;

typedef struct
{
  char              *network_key;
  char              *network_name;
  GPtrArray         *members;   /* of TcguiMatrixMember, by name */
  TcguiMatrixCell   *cells;     /* n × n, [from * n + to] */
} TcguiMatrix;

TcguiMatrix     *tcgui_matrix_new_for_network (TcguiInventory    *inventory,
                                               const char        *network_key);
void             tcgui_matrix_free            (TcguiMatrix       *matrix);
guint            tcgui_matrix_size            (const TcguiMatrix *matrix);
TcguiMatrixCell *tcgui_matrix_cell            (TcguiMatrix       *matrix,
                                               guint              from,
                                               guint              to);
gboolean         tcgui_matrix_cell_is_empty   (const TcguiMatrixCell *cell);
char            *tcgui_matrix_cell_describe   (const TcguiMatrixCell *cell);
GVariant        *tcgui_matrix_row_params      (TcguiMatrix       *matrix,
                                               guint              from);
void             tcgui_matrix_read_row        (TcguiMatrix       *matrix,
                                               guint              from,
                                               GVariant          *state);

typedef void (*TcguiMatrixProgress) (guint    done,
                                     guint    total,
                                     gpointer user_data);

void             tcgui_matrix_apply_async     (TcguiHelperClient *client,
                                               TcguiMatrix       *matrix,
                                               gboolean           clear,
                                               gboolean           use_batch,
                                               TcguiMatrixProgress progress,
                                               gpointer           progress_data,
                                               GCancellable      *cancellable,
                                               GAsyncReadyCallback callback,
                                               gpointer           user_data);
gboolean         tcgui_matrix_apply_finish    (TcguiHelperClient *client,
                                               GAsyncResult      *result,
                                               GPtrArray        **errors,
                                               GError           **error);

G_DEFINE_AUTOPTR_CLEANUP_FUNC (TcguiMatrix, tcgui_matrix_free)

G_END_DECLS
