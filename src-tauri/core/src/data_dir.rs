//! The data directory must be on a local disk. SQLite on a network share is
//! unsafe: WAL needs shared memory on one host, and file locks over SMB/NFS
//! are unreliable, so two desks on one file can corrupt it. A department
//! shares one server database instead (「连接服务器」).
//!
//! `check_local` looks at the directory, or its nearest existing ancestor
//! (the data directory may not exist yet). When the kind of filesystem cannot
//! be determined it lets the directory pass: opening the database reports
//! any real error.

use std::path::{Path, PathBuf};

use crate::error::{AppError, ErrorCode, Result};

/// Refuses a data directory on a network filesystem (SMB/CIFS, NFS, AFP,
/// WebDAV, SSHFS, …; on Windows a UNC path or a mapped network drive).
pub fn check_local(dir: &Path) -> Result<()> {
    match network_kind_of(dir) {
        None => Ok(()),
        Some(kind) => Err(refusal(dir, &kind)),
    }
}

fn refusal(dir: &Path, kind: &str) -> AppError {
    AppError::new(
        ErrorCode::DbOpenFailed,
        format!(
            "数据目录 {} 位于网络共享（{kind}）上。多台电脑共用一个数据库文件会损坏数据，客诉台不在网络共享上保存数据库。多人共用请在启动时选择「连接服务器」，使用部门的服务器数据库。",
            dir.display()
        ),
    )
}

/// The canonical path of `dir` or of its nearest existing ancestor.
#[cfg_attr(not(any(target_os = "linux", target_os = "macos", windows)), allow(dead_code))]
fn existing_ancestor(dir: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(dir).ok()?;
    abs.ancestors().find_map(|a| std::fs::canonicalize(a).ok())
}

/// The display name of a network filesystem type (a Linux mountinfo fstype
/// or a macOS `f_fstypename`), or `None` for a local one.
#[cfg_attr(not(any(target_os = "linux", target_os = "macos")), allow(dead_code))]
fn network_kind(fstype: &str) -> Option<&'static str> {
    let kind = match fstype.to_ascii_lowercase().as_str() {
        "nfs" | "nfs4" => "NFS",
        "cifs" | "smb3" | "smbfs" | "smb" | "smb2" => "SMB/CIFS",
        "afpfs" | "fuse.afpfs" | "fuse.afpfs-ng" | "fuse.afp_client" => "AFP",
        // macOS "webdav"; Linux davfs2 ("davfs" in mtab, or a FUSE subtype).
        "webdav" | "davfs" | "fuse.davfs" | "fuse.davfs2" => "WebDAV",
        "fuse.sshfs" | "sshfs" => "SSHFS",
        "fuse.curlftpfs" | "ftp" => "FTP",
        // GNOME's network places (smb://, sftp://, dav://) opened in the file manager.
        "fuse.gvfsd-fuse" => "GVFS",
        "fuse.rclone" => "rclone",
        "ncpfs" | "ncp" => "NetWare",
        "coda" => "Coda",
        "afs" | "openafs" => "AFS",
        "ceph" | "fuse.ceph" | "fuse.ceph-fuse" => "CephFS",
        "glusterfs" | "fuse.glusterfs" => "GlusterFS",
        "lustre" => "Lustre",
        // 9p is deliberately local: in practice it is a VM's view of its own
        // host (virtio-9p, WSL2's /mnt/c), one machine, not a shared server.
        _ => return None,
    };
    Some(kind)
}

/// The Linux statfs magic of a network filesystem, for when mountinfo cannot
/// be read. FUSE (0x65735546) and 9p (0x01021997) are left local here: FUSE
/// cannot be told apart without mountinfo, and 9p see `network_kind`.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn magic_kind(magic: u32) -> Option<&'static str> {
    let kind = match magic {
        0x6969 => "NFS",
        0x517B | 0xFF53_4D42 | 0xFE53_4D42 => "SMB/CIFS",
        0x564C => "NetWare",
        0x7375_7245 => "Coda",
        0x5346_414F | 0x6B41_4653 => "AFS",
        0x00C3_6400 => "CephFS",
        _ => return None,
    };
    Some(kind)
}

/// The fstype of the mount holding `path` (absolute, canonical), from the
/// text of /proc/self/mountinfo: the longest mount point that is a prefix of
/// `path`; of equal ones the last, which is mounted on top. davfs2 mounts
/// through plain `fuse` with its URL as source; that is reported as `davfs`.
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn mount_fstype(mountinfo: &str, path: &Path) -> Option<String> {
    let mut best: Option<(usize, &str, &str)> = None;
    for line in mountinfo.lines() {
        // id parent major:minor root mount-point options [optional…] - fstype source super-options
        let fields: Vec<&str> = line.split_whitespace().collect();
        let Some(dash) = fields.iter().skip(6).position(|f| *f == "-").map(|i| i + 6) else { continue };
        let (Some(point), Some(fstype)) = (fields.get(4), fields.get(dash + 1)) else { continue };
        let source = fields.get(dash + 2).copied().unwrap_or("");
        let point = unescape(point);
        if !path.starts_with(Path::new(&point)) {
            continue;
        }
        let depth = Path::new(&point).components().count();
        if best.is_none_or(|(d, _, _)| depth >= d) {
            best = Some((depth, fstype, source));
        }
    }
    let (_, fstype, source) = best?;
    let source = unescape(source);
    if fstype == "fuse" && (source.starts_with("http://") || source.starts_with("https://")) {
        return Some("davfs".to_string());
    }
    Some(unescape(fstype))
}

/// Undoes mountinfo's octal escapes (`\040` space, `\011` tab, `\012`
/// newline, `\134` backslash).
#[cfg_attr(not(target_os = "linux"), allow(dead_code))]
fn unescape(field: &str) -> String {
    let bytes = field.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let octal = bytes.get(i + 1..i + 4).filter(|d| bytes[i] == b'\\' && d.iter().all(|c| (b'0'..=b'7').contains(c)));
        match octal {
            Some(d) => {
                out.push((d[0] - b'0') * 64 + (d[1] - b'0') * 8 + (d[2] - b'0'));
                i += 4;
            }
            None => {
                out.push(bytes[i]);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(target_os = "linux")]
fn network_kind_of(dir: &Path) -> Option<String> {
    let path = existing_ancestor(dir)?;
    let fstype = std::fs::read_to_string("/proc/self/mountinfo").ok().and_then(|text| mount_fstype(&text, &path));
    match fstype {
        Some(fstype) => network_kind(&fstype).map(str::to_string),
        None => statfs_magic(&path).and_then(magic_kind).map(str::to_string),
    }
}

#[cfg(target_os = "linux")]
fn statfs_magic(path: &Path) -> Option<u32> {
    use std::os::unix::ffi::OsStrExt;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut st = std::mem::MaybeUninit::<libc::statfs>::zeroed();
    // SAFETY: a NUL-terminated path and a buffer of the right type; read only on success.
    if unsafe { libc::statfs(c_path.as_ptr(), st.as_mut_ptr()) } != 0 {
        return None;
    }
    let st = unsafe { st.assume_init() };
    // f_type's width differs by architecture; every magic fits in 32 bits.
    Some(st.f_type as u32)
}

#[cfg(target_os = "macos")]
fn network_kind_of(dir: &Path) -> Option<String> {
    use std::os::unix::ffi::OsStrExt;
    let path = existing_ancestor(dir)?;
    let c_path = std::ffi::CString::new(path.as_os_str().as_bytes()).ok()?;
    let mut st = std::mem::MaybeUninit::<libc::statfs>::zeroed();
    // SAFETY: a NUL-terminated path and a buffer of the right type; read only on success.
    if unsafe { libc::statfs(c_path.as_ptr(), st.as_mut_ptr()) } != 0 {
        return None;
    }
    let st = unsafe { st.assume_init() };
    let name: Vec<u8> = st.f_fstypename.iter().take_while(|&&c| c != 0).map(|&c| c as u8).collect();
    let name = String::from_utf8_lossy(&name).into_owned();
    if let Some(kind) = network_kind(&name) {
        return Some(kind.to_string());
    }
    if st.f_flags & (libc::MNT_LOCAL as u32) == 0 {
        return Some(if name.is_empty() { "网络卷".to_string() } else { name });
    }
    None
}

/// How a Windows path begins, as far as being on the network goes.
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(not(windows), allow(dead_code))]
enum WindowsRoot {
    /// `\\server\share\…`, `\\?\UNC\server\share\…`.
    Unc,
    /// `C:\…`, `\\?\C:\…`: ask the drive's type.
    Drive(char),
    /// Anything else (relative, `\\?\Volume{…}\`): not known to be remote.
    Other,
}

#[cfg_attr(not(windows), allow(dead_code))]
fn windows_root(path: &str) -> WindowsRoot {
    let path = path.replace('/', "\\");
    let rest = match path.strip_prefix(r"\\?\").or_else(|| path.strip_prefix(r"\\.\")) {
        Some(rest) if rest.get(..4).is_some_and(|p| p.eq_ignore_ascii_case(r"UNC\")) => return WindowsRoot::Unc,
        Some(rest) => rest,
        None if path.starts_with(r"\\") => return WindowsRoot::Unc,
        None => path.as_str(),
    };
    match rest.as_bytes() {
        [letter, b':', ..] if letter.is_ascii_alphabetic() => WindowsRoot::Drive(letter.to_ascii_uppercase() as char),
        _ => WindowsRoot::Other,
    }
}

#[cfg(windows)]
fn network_kind_of(dir: &Path) -> Option<String> {
    // The path as given first: a UNC path is refused without touching the network.
    let abs = std::path::absolute(dir).unwrap_or_else(|_| dir.to_path_buf());
    let real = existing_ancestor(&abs);
    for path in std::iter::once(abs).chain(real) {
        match windows_root(&path.to_string_lossy()) {
            WindowsRoot::Unc => return Some("网络路径".to_string()),
            WindowsRoot::Drive(letter) if drive_is_remote(letter) => return Some(format!("网络驱动器 {letter}:")),
            _ => {}
        }
    }
    None
}

#[cfg(windows)]
fn drive_is_remote(letter: char) -> bool {
    use windows_sys::Win32::Storage::FileSystem::GetDriveTypeW;
    // WinBase.h; windows-sys keeps it under another feature (Win32_System_WindowsProgramming).
    const DRIVE_REMOTE: u32 = 4;
    let root: Vec<u16> = format!("{letter}:\\").encode_utf16().chain(std::iter::once(0)).collect();
    // SAFETY: a NUL-terminated UTF-16 string that outlives the call.
    unsafe { GetDriveTypeW(root.as_ptr()) == DRIVE_REMOTE }
}

#[cfg(not(any(target_os = "linux", target_os = "macos", windows)))]
fn network_kind_of(_dir: &Path) -> Option<String> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const MOUNTINFO: &str = "\
22 1 8:2 / / rw,relatime shared:1 - ext4 /dev/sda2 rw,errors=remount-ro
23 22 0:21 / /proc rw,nosuid,nodev,noexec,relatime shared:12 - proc proc rw
40 22 0:35 / /mnt/nfs rw,relatime shared:20 - nfs4 fileserver:/export rw,vers=4.2
41 22 0:36 / /mnt/nfs2 rw,relatime shared:21 - ext4 /dev/sdb1 rw
42 40 0:37 / /mnt/nfs/local rw,relatime - tmpfs tmpfs rw
43 22 0:38 / /media/客服\\040部 rw,nosuid,nodev,relatime shared:22 master:3 - cifs //server/客服\\040部 rw,vers=3.1.1
44 22 0:39 / /home/a/dav rw,nosuid,nodev,relatime - fuse https://dav.example.com/remote.php rw,user_id=0
45 22 0:40 / /home/a/ssh rw,nosuid,nodev,relatime - fuse.sshfs a@host:/srv rw,user_id=1000
46 22 0:41 / /mnt/c rw,noatime - 9p C:\\134 rw,aname=drvfs;path=C:\\;symlinkroot=/mnt/
47 22 0:42 / /srv/over rw - nfs server:/a rw
48 22 0:43 / /srv/over rw - ext4 /dev/sdc1 rw
";

    fn fstype(path: &str) -> Option<String> {
        mount_fstype(MOUNTINFO, Path::new(path))
    }

    #[test]
    fn mountinfo_longest_prefix_wins() {
        assert_eq!(fstype("/home/a/data").as_deref(), Some("ext4"));
        assert_eq!(fstype("/").as_deref(), Some("ext4"));
        assert_eq!(fstype("/mnt/nfs").as_deref(), Some("nfs4"));
        assert_eq!(fstype("/mnt/nfs/客诉台/data").as_deref(), Some("nfs4"));
        assert_eq!(fstype("/mnt/nfs/local/data").as_deref(), Some("tmpfs"));
        // A prefix by components, not by characters.
        assert_eq!(fstype("/mnt/nfs2/data").as_deref(), Some("ext4"));
        assert_eq!(fstype("/mnt/nfsx").as_deref(), Some("ext4"));
    }

    #[test]
    fn mountinfo_escapes_and_overmounts() {
        assert_eq!(fstype("/media/客服 部/data").as_deref(), Some("cifs"));
        assert_eq!(fstype("/media/客服\\040部/data").as_deref(), Some("ext4"));
        // Mounted twice on one point: the later (top) mount counts.
        assert_eq!(fstype("/srv/over/x").as_deref(), Some("ext4"));
        assert_eq!(mount_fstype("garbage\n\n1 2 3\n", Path::new("/x")), None);
        assert_eq!(mount_fstype("", Path::new("/x")), None);
    }

    #[test]
    fn mountinfo_fuse_sources() {
        assert_eq!(fstype("/home/a/dav/docs").as_deref(), Some("davfs"));
        assert_eq!(fstype("/home/a/ssh/docs").as_deref(), Some("fuse.sshfs"));
        assert_eq!(fstype("/mnt/c/Users").as_deref(), Some("9p"));
    }

    #[test]
    fn classifies_network_filesystems() {
        for (fstype, kind) in [
            ("nfs", "NFS"),
            ("nfs4", "NFS"),
            ("cifs", "SMB/CIFS"),
            ("smb3", "SMB/CIFS"),
            ("smbfs", "SMB/CIFS"),
            ("afpfs", "AFP"),
            ("fuse.afpfs-ng", "AFP"),
            ("webdav", "WebDAV"),
            ("davfs", "WebDAV"),
            ("fuse.davfs2", "WebDAV"),
            ("fuse.sshfs", "SSHFS"),
            ("fuse.gvfsd-fuse", "GVFS"),
            ("coda", "Coda"),
        ] {
            assert_eq!(network_kind(fstype), Some(kind), "{fstype}");
        }
        for local in ["ext4", "btrfs", "xfs", "zfs", "tmpfs", "overlay", "apfs", "hfs", "9p", "fuse", "fuseblk", "vfat", "exfat", ""] {
            assert_eq!(network_kind(local), None, "{local}");
        }
    }

    #[test]
    fn classifies_statfs_magic() {
        assert_eq!(magic_kind(0x6969), Some("NFS"));
        assert_eq!(magic_kind(0x517B), Some("SMB/CIFS"));
        assert_eq!(magic_kind(0xFF53_4D42), Some("SMB/CIFS"));
        assert_eq!(magic_kind(0xFE53_4D42), Some("SMB/CIFS"));
        assert_eq!(magic_kind(0x564C), Some("NetWare"));
        assert_eq!(magic_kind(0x5346_414F), Some("AFS"));
        // ext4, 9p, FUSE, tmpfs
        for local in [0xEF53, 0x0102_1997, 0x6573_5546, 0x0102_1994] {
            assert_eq!(magic_kind(local), None, "{local:#x}");
        }
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn statfs_fallback_reads_a_local_magic() {
        let dir = tempfile::tempdir().unwrap();
        let magic = statfs_magic(dir.path()).expect("statfs");
        assert_eq!(magic_kind(magic), None, "{magic:#x}");
    }

    #[test]
    fn windows_roots() {
        assert_eq!(windows_root(r"\\server\share\客诉台"), WindowsRoot::Unc);
        assert_eq!(windows_root("//server/share/data"), WindowsRoot::Unc);
        assert_eq!(windows_root(r"\\?\UNC\server\share\data"), WindowsRoot::Unc);
        assert_eq!(windows_root(r"\\?\unc\server\share"), WindowsRoot::Unc);
        assert_eq!(windows_root(r"\\.\UNC\server\share"), WindowsRoot::Unc);
        assert_eq!(windows_root(r"\\?\C:\Users\a\AppData"), WindowsRoot::Drive('C'));
        assert_eq!(windows_root(r"z:\data"), WindowsRoot::Drive('Z'));
        assert_eq!(windows_root("D:"), WindowsRoot::Drive('D'));
        assert_eq!(windows_root(r"\\?\Volume{0b1c}\data"), WindowsRoot::Other);
        assert_eq!(windows_root(r"\\?\客"), WindowsRoot::Other);
        assert_eq!(windows_root(r"data\db"), WindowsRoot::Other);
    }

    #[test]
    fn a_temporary_directory_is_local() {
        let dir = tempfile::tempdir().unwrap();
        check_local(dir.path()).unwrap();
        // Not there yet: its nearest existing ancestor is checked.
        check_local(&dir.path().join("not/yet/made")).unwrap();
        check_local(Path::new("relative/data")).unwrap();
    }

    #[test]
    fn the_message_points_to_the_server() {
        let e = refusal(Path::new("/mnt/nfs/客诉台"), "NFS");
        assert_eq!(e.code, ErrorCode::DbOpenFailed);
        assert_eq!(
            e.message,
            "数据目录 /mnt/nfs/客诉台 位于网络共享（NFS）上。多台电脑共用一个数据库文件会损坏数据，客诉台不在网络共享上保存数据库。多人共用请在启动时选择「连接服务器」，使用部门的服务器数据库。"
        );
    }
}
