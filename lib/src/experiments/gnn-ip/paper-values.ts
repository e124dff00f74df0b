/** The numbers printed in paper 001's Tables II and III, to show beside ours. */

/** Table II: MSE and average time [s] per method for each grid size N. */
export const PAPER_TABLE_II = [
  { grid_points: 180, gnn_ip_mse: 0.2461, gnn_ip_time_s: 0.0002, zf_mse: 0.3561, zf_time_s: 4.8713, sdr_mse: 0.2253, sdr_time_s: 6.9714 },
  { grid_points: 60, gnn_ip_mse: 0.2515, gnn_ip_time_s: 0.0002, zf_mse: 0.3652, zf_time_s: 1.7279, sdr_mse: 0.2446, sdr_time_s: 2.0613 },
  { grid_points: 30, gnn_ip_mse: 0.3418, gnn_ip_time_s: 0.0002, zf_mse: 0.7235, zf_time_s: 0.7234, sdr_mse: 0.3797, sdr_time_s: 0.9849 },
  { grid_points: 10, gnn_ip_mse: 0.9332, gnn_ip_time_s: 0.0002, zf_mse: 1.115, zf_time_s: 0.6647, sdr_mse: 1.205, sdr_time_s: 0.5741 },
];

/** Table III: per Γ₀ [dB], GNN-IP MSE, module times [s], projection usage [%], ZF and SDR MSE and time [s]. */
export const PAPER_TABLE_III = [
  { sinr_db: 3, gnn_ip_mse: 0.2136, gnn_time_s: 0.0002, projection_time_s: 0, projection_usage_pct: 0, gnn_ip_time_s: 0.0002, zf_mse: 0.3471, zf_time_s: 4.7716, sdr_mse: 0.2006, sdr_time_s: 6.9182 },
  { sinr_db: 4, gnn_ip_mse: 0.2194, gnn_time_s: 0.0002, projection_time_s: 0, projection_usage_pct: 0, gnn_ip_time_s: 0.0002, zf_mse: 0.3478, zf_time_s: 4.8177, sdr_mse: 0.2048, sdr_time_s: 6.7799 },
  { sinr_db: 5, gnn_ip_mse: 0.2239, gnn_time_s: 0.0002, projection_time_s: 0, projection_usage_pct: 0, gnn_ip_time_s: 0.0002, zf_mse: 0.3486, zf_time_s: 4.798, sdr_mse: 0.2095, sdr_time_s: 6.7848 },
  { sinr_db: 6, gnn_ip_mse: 0.2295, gnn_time_s: 0.0002, projection_time_s: 0, projection_usage_pct: 0, gnn_ip_time_s: 0.0002, zf_mse: 0.3506, zf_time_s: 4.8229, sdr_mse: 0.2155, sdr_time_s: 6.8487 },
  { sinr_db: 7, gnn_ip_mse: 0.2383, gnn_time_s: 0.0002, projection_time_s: 0, projection_usage_pct: 0, gnn_ip_time_s: 0.0002, zf_mse: 0.353, zf_time_s: 4.7728, sdr_mse: 0.2209, sdr_time_s: 6.7185 },
  { sinr_db: 8, gnn_ip_mse: 0.2461, gnn_time_s: 0.0002, projection_time_s: 0, projection_usage_pct: 0, gnn_ip_time_s: 0.0002, zf_mse: 0.3561, zf_time_s: 4.8713, sdr_mse: 0.2253, sdr_time_s: 6.9714 },
  { sinr_db: 9, gnn_ip_mse: 0.264, gnn_time_s: 0.0002, projection_time_s: 0.0485, projection_usage_pct: 3.2, gnn_ip_time_s: 0.0233, zf_mse: 0.3594, zf_time_s: 4.7793, sdr_mse: 0.2282, sdr_time_s: 7.0134 },
  { sinr_db: 10, gnn_ip_mse: 0.2793, gnn_time_s: 0.0002, projection_time_s: 0.0525, projection_usage_pct: 7.6, gnn_ip_time_s: 0.0873, zf_mse: 0.3623, zf_time_s: 4.9473, sdr_mse: 0.2294, sdr_time_s: 7.0597 },
];
