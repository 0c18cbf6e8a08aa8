//! Where finished frames go: merged from the server's stream and the adapter's own frames,
//! then written whole, either to an async writer or to standard output by a thread of its own.
//!
//! Standard output gets its own thread because tokio's `Stdout` copies every frame into a
//! buffer of its own and std's `Stdout` is line-buffered, scanning each frame for a newline
//! before writing it: for the 1.3 MB diagnostics frame of a keystroke that was about a tenth
//! of the server's time. The thread writes the frame's own bytes to file descriptor 1.

use super::frame::{encode, Done, FrameEvent, FrameParser, Outgoing};
use std::future::Future;
use std::io;
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::sync::mpsc;

/// A sink for whole frames, written in the order they are handed over.
pub trait FrameOutput: Send + 'static {
    /// Write `bytes` after everything handed over before, then `done.finish` them (`done` is
    /// dropped if they are never written). An error means the output is gone.
    fn write(&mut self, bytes: Vec<u8>, done: Done) -> impl Future<Output = io::Result<()>> + Send;
}

/// Any async writer as a frame output (the in-process harness and tests use a duplex pipe).
pub struct AsyncOutput<W>(pub W);

impl<W: AsyncWrite + Unpin + Send + 'static> FrameOutput for AsyncOutput<W> {
    async fn write(&mut self, bytes: Vec<u8>, done: Done) -> io::Result<()> {
        self.0.write_all(&bytes).await?;
        self.0.flush().await?;
        done.finish(bytes);
        Ok(())
    }
}

/// Frames handed over but not yet written: a few, so a stalled editor holds up the server's
/// output instead of filling memory.
const QUEUED_FRAMES: usize = 8;

/// Standard output written by a thread of its own, frame by frame, without copies.
pub struct StdoutThread {
    frames: mpsc::Sender<(Vec<u8>, Done)>,
}

/// Says when the standard output thread has written everything handed to it.
pub struct StdoutDone(std::sync::mpsc::Receiver<()>);

impl StdoutThread {
    pub fn start() -> io::Result<(StdoutThread, StdoutDone)> {
        let (frames, mut queue) = mpsc::channel::<(Vec<u8>, Done)>(QUEUED_FRAMES);
        let (done, on_done) = std::sync::mpsc::channel();
        std::thread::Builder::new()
            .name("geonotes-stdout".to_string())
            .spawn(move || {
                let mut out = raw_stdout();
                widen_pipe(1);
                while let Some((bytes, done)) = queue.blocking_recv() {
                    if let Err(e) = io::Write::write_all(&mut *out, &bytes) {
                        tracing::warn!("cannot write to standard output: {e}");
                        return; // dropping `queue` tells the server its output is gone
                    }
                    done.finish(bytes);
                }
                let _ = done.send(());
            })?;
        Ok((StdoutThread { frames }, StdoutDone(on_done)))
    }
}

impl StdoutDone {
    /// Wait until every frame handed over is written (the last is the answer to `shutdown`),
    /// but not longer than `limit`: an editor that stopped reading must not keep us alive.
    pub fn wait(self, limit: std::time::Duration) {
        let _ = self.0.recv_timeout(limit);
    }
}

impl FrameOutput for StdoutThread {
    async fn write(&mut self, bytes: Vec<u8>, done: Done) -> io::Result<()> {
        self.frames
            .send((bytes, done))
            .await
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "standard output is closed"))
    }
}

/// File descriptor 1 without std's line buffer. It is never closed here: the process keeps
/// its standard output.
#[cfg(unix)]
fn raw_stdout() -> std::mem::ManuallyDrop<std::fs::File> {
    use std::os::fd::FromRawFd;
    // SAFETY: descriptor 1 stays open for the life of the process, and `ManuallyDrop` keeps
    // this `File` from closing it.
    std::mem::ManuallyDrop::new(unsafe { std::fs::File::from_raw_fd(1) })
}

/// What the kernel is asked to buffer in each of the server's pipes, instead of 64 KiB.
#[cfg(target_os = "linux")]
const PIPE_BYTES: libc::c_int = 1 << 20;

/// Widen the pipe on descriptor `fd`, when it is one (Linux). A keystroke's diagnostics frame
/// (1.3 MB for a 10,000-line note) then passes in a few writes instead of some twenty rounds
/// of filling 64 KiB and waking the editor to read it: 0.2 ms of a 3.4 ms edit, measured. Not
/// a pipe, or over the system's limit (`/proc/sys/fs/pipe-max-size`): it stays as it is.
#[cfg(target_os = "linux")]
pub fn widen_pipe(fd: libc::c_int) {
    // SAFETY: `F_SETPIPE_SZ` passes an integer and touches no memory of ours; a descriptor
    // that is closed or not a pipe only makes it fail.
    let bytes = unsafe { libc::fcntl(fd, libc::F_SETPIPE_SZ, PIPE_BYTES) };
    if bytes < 0 {
        tracing::debug!(
            "pipe buffer of descriptor {fd} left as it is: {}",
            io::Error::last_os_error()
        );
    }
}

#[cfg(not(target_os = "linux"))]
pub fn widen_pipe(_fd: i32) {}

#[cfg(not(unix))]
fn raw_stdout() -> Box<std::io::Stdout> {
    Box::new(std::io::stdout())
}

/// Write whole frames from the server's output and from the adapter's own frames to `output`,
/// so the two never interleave inside a frame. Ends when the server's output ends.
pub async fn merge_output<R, O>(
    mut from_server: R,
    mut errors: mpsc::UnboundedReceiver<Outgoing>,
    mut output: O,
) where
    R: AsyncRead + Unpin,
    O: FrameOutput,
{
    let mut parser = FrameParser::trusted();
    let mut chunk = vec![0u8; 64 * 1024];
    let mut errors_open = true;
    loop {
        tokio::select! {
            read = from_server.read(&mut chunk) => {
                let n = match read {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                parser.push(&chunk[..n]);
                while let Some(FrameEvent::Message { body, .. }) = parser.next_event() {
                    if output.write(encode(&body), Done::default()).await.is_err() {
                        return;
                    }
                }
            }
            frame = errors.recv(), if errors_open => match frame {
                Some(outgoing) => {
                    if write_outgoing(&mut output, outgoing).await.is_err() {
                        return;
                    }
                }
                None => errors_open = false,
            },
        }
    }
    while let Ok(outgoing) = errors.try_recv() {
        let _ = write_outgoing(&mut output, outgoing).await;
    }
}

/// Write a frame, and for one in pieces every piece until its sender closes.
async fn write_outgoing<O: FrameOutput>(output: &mut O, outgoing: Outgoing) -> io::Result<()> {
    let Outgoing { frame, done, rest } = outgoing;
    let Some(mut rest) = rest else {
        return output.write(frame, done).await;
    };
    output.write(frame, Done::default()).await?;
    let mut last = None;
    while let Some(piece) = rest.recv().await {
        if let Some(previous) = last.replace(piece) {
            output.write(previous, Done::default()).await?;
        }
    }
    output.write(last.unwrap_or_default(), done).await
}
