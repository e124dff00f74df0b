// Single-precision GEMM for the wasm backend's matrix products, through the system's CBLAS
// (OpenBLAS on Debian). Operands are Float32Array views of the wasm heap: no copies.
#include <node_api.h>
#include <cblas.h>
#include <cstdint>

static float* f32(napi_env env, napi_value v, size_t* len) {
  napi_typedarray_type type; void* data; napi_value ab; size_t off;
  if (napi_get_typedarray_info(env, v, &type, len, &data, &ab, &off) != napi_ok || type != napi_float32_array) return nullptr;
  return static_cast<float*>(data);
}

static int64_t i64(napi_env env, napi_value v) { int64_t x = 0; napi_get_value_int64(env, v, &x); return x; }

// gemm(a, b, c, batch, m, n, k, transA, transB, aBatchStride, bBatchStride):
// c[i] = op(a[i]) op(b[i]) for i < batch, c row-major m×n; a stride 0 broadcasts (same for b).
static napi_value Gemm(napi_env env, napi_callback_info info) {
  size_t argc = 11; napi_value argv[11];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  if (argc != 11) { napi_throw_error(env, nullptr, "gemm: expected 11 arguments"); return nullptr; }
  size_t la, lb, lc;
  float *a = f32(env, argv[0], &la), *b = f32(env, argv[1], &lb), *c = f32(env, argv[2], &lc);
  if (!a || !b || !c) { napi_throw_type_error(env, nullptr, "gemm: a, b and c must be Float32Arrays"); return nullptr; }
  const int64_t batch = i64(env, argv[3]), m = i64(env, argv[4]), n = i64(env, argv[5]), k = i64(env, argv[6]);
  bool ta, tb; napi_get_value_bool(env, argv[7], &ta); napi_get_value_bool(env, argv[8], &tb);
  const int64_t sa = i64(env, argv[9]), sb = i64(env, argv[10]);
  if ((int64_t)lc < batch * m * n || (int64_t)la < (batch - 1) * sa + m * k || (int64_t)lb < (batch - 1) * sb + k * n) {
    napi_throw_range_error(env, nullptr, "gemm: an operand is shorter than its shape"); return nullptr;
  }
  for (int64_t i = 0; i < batch; i++) {
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, (int)m, (int)n, (int)k, 1.0f,
                a + i * sa, ta ? (int)m : (int)k, b + i * sb, tb ? (int)k : (int)n, 0.0f, c + i * m * n, (int)n);
  }
  return nullptr;
}

// biasActivation(c, bias | null, n, activation, alpha): c ← f(c + bias) in place, bias broadcast over
// the rows of c (length n); activation 0 linear, 1 relu, 2 leaky relu (slope alpha), 3 sigmoid,
// 4 relu6, 5 elu.
static napi_value BiasActivation(napi_env env, napi_callback_info info) {
  size_t argc = 5; napi_value argv[5];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  size_t lc, lb = 0;
  float* c = f32(env, argv[0], &lc);
  napi_valuetype bt; napi_typeof(env, argv[1], &bt);
  float* bias = bt == napi_null ? nullptr : f32(env, argv[1], &lb);
  const int64_t n = i64(env, argv[2]), act = i64(env, argv[3]);
  double alpha = 0; napi_get_value_double(env, argv[4], &alpha);
  if (!c || (bt != napi_null && (!bias || (int64_t)lb != n)) || n <= 0 || lc % n != 0) {
    napi_throw_range_error(env, nullptr, "biasActivation: c must be a Float32Array of rows of n, bias null or of length n"); return nullptr;
  }
  const float a = (float)alpha;
  for (size_t r = 0; r < lc; r += n) {
    float* row = c + r;
    if (bias) for (int64_t j = 0; j < n; j++) row[j] += bias[j];
    switch (act) {
      case 1: for (int64_t j = 0; j < n; j++) row[j] = row[j] > 0 ? row[j] : 0; break;
      case 2: for (int64_t j = 0; j < n; j++) row[j] = row[j] > 0 ? row[j] : a * row[j]; break;
      case 3: for (int64_t j = 0; j < n; j++) row[j] = 1.0f / (1.0f + __builtin_expf(-row[j])); break;
      case 4: for (int64_t j = 0; j < n; j++) row[j] = row[j] < 0 ? 0 : (row[j] > 6 ? 6 : row[j]); break;
      case 5: for (int64_t j = 0; j < n; j++) row[j] = row[j] > 0 ? row[j] : __builtin_expf(row[j]) - 1; break;
      default: break;
    }
  }
  return nullptr;
}

static napi_value SetThreads(napi_env env, napi_callback_info info) {
  size_t argc = 1; napi_value argv[1];
  napi_get_cb_info(env, info, &argc, argv, nullptr, nullptr);
  openblas_set_num_threads((int)i64(env, argv[0]));
  return nullptr;
}

static napi_value Init(napi_env env, napi_value exports) {
  napi_value f;
  napi_create_function(env, "gemm", NAPI_AUTO_LENGTH, Gemm, nullptr, &f);
  napi_set_named_property(env, exports, "gemm", f);
  napi_create_function(env, "biasActivation", NAPI_AUTO_LENGTH, BiasActivation, nullptr, &f);
  napi_set_named_property(env, exports, "biasActivation", f);
  napi_create_function(env, "setThreads", NAPI_AUTO_LENGTH, SetThreads, nullptr, &f);
  napi_set_named_property(env, exports, "setThreads", f);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, Init)
