//! Fault containment: a panic inside a handler's synchronous work becomes an internal-error
//! response instead of taking the server down.

use std::panic::{catch_unwind, AssertUnwindSafe};
use tower_lsp_server::jsonrpc;

/// The message a panic was raised with.
pub fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".to_string())
}

/// Run `f`; a panic becomes a `-32603` error naming `what`.
pub fn guarded<T>(what: &str, f: impl FnOnce() -> T) -> jsonrpc::Result<T> {
    // The state a handler touches is either read-only or behind a mutex that recovers; a
    // half-done computation is simply dropped.
    catch_unwind(AssertUnwindSafe(f)).map_err(|payload| {
        let detail = panic_message(&*payload);
        tracing::error!("panic in {what}: {detail}");
        jsonrpc::Error {
            code: jsonrpc::ErrorCode::InternalError,
            message: format!("internal error in {what}: {detail}").into(),
            data: None,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_panic_becomes_an_internal_error_naming_the_handler() {
        assert_eq!(guarded("hover", || 7).ok(), Some(7));
        let err = guarded("hover", || -> u8 { panic!("boom") }).unwrap_err();
        assert_eq!(err.code, jsonrpc::ErrorCode::InternalError);
        assert_eq!(err.message, "internal error in hover: boom");
    }
}
