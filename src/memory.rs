//! Giving the memory a stage freed back to the system before the next stage allocates its own.
//!
//! mimalloc (the program's allocator, `main.rs`) keeps freed memory to reuse it, and gives it
//! back to the system only some time after; a stage that frees a table's worth of buffers just
//! before the next one builds its own would otherwise count both in the peak. Called between
//! stages only: freeing eagerly inside the hot loops costs more time than it saves (measured
//! with `MIMALLOC_PURGE_DELAY=0`: `validate` at national scale 17.7 → 22.6 s).

/// Returns to the system the memory mimalloc holds freed (a no-op for memory held by another
/// allocator).
pub(crate) fn give_back() {
    // SAFETY: `mi_collect` has no preconditions: it only returns memory that is free in
    // mimalloc's own heaps and arenas, and may be called at any time from any thread.
    unsafe { libmimalloc_sys::mi_collect(true) }
}
