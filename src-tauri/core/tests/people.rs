//! People and roles: the first admin, sign-in, accounts managed by the
//! admin only, department heads, approval thresholds — each change audited.

mod common;

use common::*;
use complaintdesk_core::authority::Thresholds;
use complaintdesk_core::codes::Role;
use complaintdesk_core::model::*;
use complaintdesk_core::ErrorCode;

const ADMIN_PW: &str = "Kefu@2026!";
const YUAN: i64 = 100;

/// A fresh desk with its first admin 王强 (login "admin").
fn with_admin() -> (TestDesk, User) {
    let t = desk();
    let admin = t.desk.create_first_admin("王强", "admin", ADMIN_PW).unwrap();
    (t, admin)
}

fn new_user(name: &str, login: &str, roles: &[Role]) -> NewUser {
    NewUser { name: name.into(), login: login.into(), password: "chushi-mima-1".into(), roles: roles.to_vec(), department_id: None }
}

fn stored_hash(t: &TestDesk, user_id: i64) -> String {
    t.db.query_text(&format!("SELECT password_hash FROM users WHERE id = {user_id}"))
}

#[test]
fn the_first_admin_is_set_up_once() {
    let t = desk();
    assert!(t.desk.needs_first_admin().unwrap());
    let admin = t.desk.create_first_admin("王强", "admin", ADMIN_PW).unwrap();
    assert!(!t.desk.needs_first_admin().unwrap());
    assert_eq!(t.desk.roles_of(admin.id).unwrap(), vec![Role::Admin]);

    let again = t.desk.create_first_admin("张伟", "zhangwei", "another-pw-1").unwrap_err();
    assert_eq!(again.code, ErrorCode::Forbidden);
    assert!(t.desk.users().unwrap().iter().all(|u| u.name != "张伟"), "nothing was created");
    assert!(t.desk.sign_in("zhangwei", "another-pw-1").is_err());
}

#[test]
fn the_first_admin_is_checked_like_any_account() {
    let t = desk();
    let short = t.desk.create_first_admin("王强", "admin", "1234567").unwrap_err();
    assert_eq!((short.field.as_deref(), short.message.as_str()), (Some("password"), "密码至少 8 位"));
    let bad_login = t.desk.create_first_admin("王强", "王强", ADMIN_PW).unwrap_err();
    assert_eq!(bad_login.field.as_deref(), Some("login"));
    let no_name = t.desk.create_first_admin("  ", "admin", ADMIN_PW).unwrap_err();
    assert_eq!(no_name.field.as_deref(), Some("name"));
    assert!(t.desk.needs_first_admin().unwrap(), "a refused first admin leaves the desk waiting for one");
}

#[test]
fn a_person_picked_by_name_before_sign_in_becomes_the_first_admin_keeping_his_cases() {
    let t = desk();
    let case = t.desk.register_case(&t.agent, new_case(t.clock.now())).unwrap();
    let admin = t.desk.create_first_admin("李娜", "lina", ADMIN_PW).unwrap();
    assert_eq!(admin.id, t.agent.id);
    assert_eq!(t.desk.users().unwrap().len(), 1);
    assert_eq!(t.desk.case(case.id).unwrap().receiver_name, "李娜");
    assert_eq!(t.desk.sign_in("lina", ADMIN_PW).unwrap().user, admin);
}

#[test]
fn sign_in_tells_nobody_which_half_was_wrong() {
    let (t, admin) = with_admin();
    let signed = t.desk.sign_in(" admin ", ADMIN_PW).unwrap();
    assert_eq!(signed, SignedIn { user: admin.clone(), roles: vec![Role::Admin], department_id: None, must_change_password: false, sees_statements: true });

    let wrong_password = t.desk.sign_in("admin", "Kefu@2026?").unwrap_err();
    let wrong_login = t.desk.sign_in("admim", ADMIN_PW).unwrap_err();
    assert_eq!(wrong_password, wrong_login);
    assert_eq!(wrong_password.code, ErrorCode::SignInFailed);
    assert_eq!(wrong_password.message, "用户名或密码错误");
    assert_eq!(wrong_password.field, None);

    // A person picked by name has a login but no password: he cannot sign in.
    let legacy = t.desk.sign_in("李娜", "").unwrap_err();
    assert_eq!(legacy, wrong_login);
}

#[test]
fn a_stopped_account_cannot_sign_in_until_started_again() {
    let (t, admin) = with_admin();
    let zhang = t.desk.create_account(&admin, new_user("张伟", "zhangwei", &[Role::Agent])).unwrap();
    let stopped = t.desk.set_user_active(&admin, zhang.id, false, None).unwrap();
    assert!(!stopped.active);
    let refused = t.desk.sign_in("zhangwei", "chushi-mima-1").unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    assert!(refused.message.contains("账号已停用"), "{}", refused.message);
    // The wrong password still gets the plain refusal: being stopped is told only to the owner.
    assert_eq!(t.desk.sign_in("zhangwei", "wrong-password").unwrap_err().code, ErrorCode::SignInFailed);

    t.desk.set_user_active(&admin, zhang.id, true, None).unwrap();
    assert_eq!(t.desk.sign_in("zhangwei", "chushi-mima-1").unwrap().user.name, "张伟");
}

#[test]
fn only_the_admin_manages_people_and_a_refusal_changes_nothing() {
    let (t, admin) = with_admin();
    let agent = t.desk.create_account(&admin, new_user("张伟", "zhangwei", &[Role::Agent, Role::Handler])).unwrap();
    let agent_user = User { id: agent.id, name: agent.name.clone() };
    let accounts_before = t.desk.accounts(&admin).unwrap();
    let audit_before = audit_lines(&t, "user", agent.id);

    let refusals = [
        t.desk.create_account(&agent_user, new_user("赵敏", "zhaomin", &[Role::Admin])).unwrap_err(),
        t.desk.update_user_roles(&agent_user, agent.id, &[Role::Admin]).unwrap_err(),
        t.desk.set_user_active(&agent_user, admin.id, false, None).unwrap_err(),
        t.desk.reset_password(&agent_user, admin.id, "taken-over-1").unwrap_err(),
        t.desk.create_department(&agent_user, "售后服务部").unwrap_err(),
        t.desk.set_department_head(&agent_user, 1, agent.id).unwrap_err(),
        t.desk.accounts(&agent_user).unwrap_err(),
        // A person picked by name holds no role at all.
        t.desk.create_account(&t.agent, new_user("赵敏", "zhaomin", &[Role::Agent])).unwrap_err(),
    ];
    for refusal in refusals {
        assert_eq!(refusal.code, ErrorCode::Forbidden, "{refusal}");
        assert_eq!(refusal.message, "只有系统管理员可以管理人员、部门和设置");
    }
    assert_eq!(t.desk.accounts(&admin).unwrap(), accounts_before);
    assert_eq!(audit_lines(&t, "user", agent.id), audit_before);
    assert_eq!(t.desk.roles_of(agent.id).unwrap(), vec![Role::Agent, Role::Handler]);
    assert!(t.desk.sign_in("admin", ADMIN_PW).is_ok(), "the admin's password is untouched");
    assert!(!t.desk.departments().unwrap().iter().any(|d| d.name == "售后服务部"));
}

#[test]
fn a_stopped_admin_manages_nothing() {
    let (t, admin) = with_admin();
    let second = t.desk.create_account(&admin, new_user("赵敏", "zhaomin", &[Role::Admin])).unwrap();
    t.desk.set_user_active(&admin, second.id, false, None).unwrap();
    let second = User { id: second.id, name: second.name };
    let refused = t.desk.create_department(&second, "售后服务部").unwrap_err();
    assert_eq!((refused.code, refused.message.as_str()), (ErrorCode::Forbidden, "账号已停用"));
}

#[test]
fn roles_round_trip_in_their_natural_order() {
    let (t, admin) = with_admin();
    let mut new = new_user("张伟", "zhangwei", &[Role::Handler, Role::Agent, Role::Handler]);
    new.department_id = Some(2);
    let zhang = t.desk.create_account(&admin, new).unwrap();
    assert_eq!(zhang.roles, vec![Role::Agent, Role::Handler]);
    assert_eq!((zhang.login.as_deref(), zhang.department_id, zhang.active, zhang.has_password), (Some("zhangwei"), Some(2), true, true));

    let updated = t.desk.update_user_roles(&admin, zhang.id, &[Role::Gm, Role::DeptHead]).unwrap();
    assert_eq!(updated.roles, vec![Role::DeptHead, Role::Gm]);
    assert_eq!(t.desk.roles_of(zhang.id).unwrap(), vec![Role::DeptHead, Role::Gm]);
    let signed = t.desk.sign_in("zhangwei", "chushi-mima-1").unwrap();
    assert_eq!((signed.roles, signed.department_id), (vec![Role::DeptHead, Role::Gm], Some(2)));

    let none = t.desk.update_user_roles(&admin, zhang.id, &[]).unwrap_err();
    assert_eq!((none.field.as_deref(), none.message.as_str()), (Some("roles"), "请至少选择一个角色"));
    assert_eq!(t.desk.roles_of(zhang.id).unwrap(), vec![Role::DeptHead, Role::Gm]);
}

#[test]
fn new_accounts_are_checked_field_by_field() {
    let (t, admin) = with_admin();
    let refusal = |new: NewUser| {
        let e = t.desk.create_account(&admin, new).unwrap_err();
        assert_eq!(e.code, ErrorCode::Validation);
        (e.field.unwrap(), e.message)
    };
    assert_eq!(refusal(new_user("张伟", "admin", &[Role::Agent])), ("login".into(), "用户名 admin 已被使用，请换一个".into()));
    assert_eq!(refusal(new_user("王强", "wangqiang2", &[Role::Agent])).0, "name");
    assert_eq!(refusal(new_user("张伟", "zw", &[Role::Agent])).0, "login");
    assert_eq!(refusal(new_user("张伟", "zhang wei", &[Role::Agent])).0, "login");
    let mut short = new_user("张伟", "zhangwei", &[Role::Agent]);
    short.password = "short".into();
    assert_eq!(refusal(short), ("password".into(), "密码至少 8 位".into()));
    let mut nowhere = new_user("张伟", "zhangwei", &[Role::Agent]);
    nowhere.department_id = Some(9999);
    assert_eq!(refusal(nowhere).0, "departmentId");
    assert_eq!(t.desk.accounts(&admin).unwrap().len(), 2, "only 李娜 and 王强");
}

#[test]
fn the_last_admin_cannot_lock_everyone_out() {
    let (t, admin) = with_admin();
    let alone = t.desk.update_user_roles(&admin, admin.id, &[Role::Agent]).unwrap_err();
    assert_eq!((alone.field.as_deref(), alone.message.as_str()), (Some("roles"), "至少要保留一名在用的系统管理员"));
    let myself = t.desk.set_user_active(&admin, admin.id, false, None).unwrap_err();
    assert_eq!(myself.message, "不能停用自己的账号");
    assert_eq!(t.desk.roles_of(admin.id).unwrap(), vec![Role::Admin]);

    let second = t.desk.create_account(&admin, new_user("赵敏", "zhaomin", &[Role::Admin])).unwrap();
    t.desk.update_user_roles(&admin, admin.id, &[Role::Agent]).unwrap();
    let zhao = User { id: second.id, name: second.name };
    assert_eq!(t.desk.set_user_active(&zhao, zhao.id, false, None).unwrap_err().message, "不能停用自己的账号");
}

#[test]
fn a_department_gets_a_head_who_holds_the_role() {
    let (t, admin) = with_admin();
    let dept = t.desk.create_department(&admin, " 售后服务部 ").unwrap();
    assert_eq!(dept.name, "售后服务部");
    assert!(t.desk.departments().unwrap().contains(&dept));
    assert_eq!(t.desk.create_department(&admin, "售后服务部").unwrap_err().field.as_deref(), Some("name"));
    assert_eq!(t.desk.department_head(dept.id).unwrap(), None);

    let zhang = t.desk.create_account(&admin, new_user("张伟", "zhangwei", &[Role::Handler])).unwrap();
    let no_role = t.desk.set_department_head(&admin, dept.id, zhang.id).unwrap_err();
    assert_eq!(no_role.field.as_deref(), Some("userId"));
    assert!(no_role.message.contains("部门负责人"), "{}", no_role.message);

    t.desk.update_user_roles(&admin, zhang.id, &[Role::Handler, Role::DeptHead]).unwrap();
    t.desk.set_department_head(&admin, dept.id, zhang.id).unwrap();
    assert_eq!(t.desk.department_head(dept.id).unwrap(), Some(User { id: zhang.id, name: "张伟".into() }));
    assert_eq!(t.desk.set_department_head(&admin, 9999, zhang.id).unwrap_err().code, ErrorCode::NotFound);

    assert_eq!(
        audit_lines(&t, "department", dept.id),
        vec!["create by 王强".to_string(), format!("edit headUserId:  → {} by 王强", zhang.id)]
    );
}

#[test]
fn approval_thresholds_default_until_the_admin_sets_them() {
    let (t, admin) = with_admin();
    assert_eq!(t.desk.thresholds().unwrap(), Thresholds::default());

    let raised = Thresholds { sales_manager_max_fen: 50_000 * YUAN, vice_gm_max_fen: 200_000 * YUAN, ..Thresholds::default() };
    let refused = t.desk.set_thresholds(&t.agent, raised).unwrap_err();
    assert_eq!(refused.code, ErrorCode::Forbidden);
    let upside_down = Thresholds { sales_manager_max_fen: 200_000 * YUAN, vice_gm_max_fen: 150_000 * YUAN, ..Thresholds::default() };
    assert_eq!(t.desk.set_thresholds(&admin, upside_down).unwrap_err().field.as_deref(), Some("viceGmMaxFen"));
    assert_eq!(t.desk.thresholds().unwrap(), Thresholds::default(), "refusals change nothing");

    assert_eq!(t.desk.set_thresholds(&admin, raised).unwrap(), raised);
    assert_eq!(t.desk.thresholds().unwrap(), raised);
    let audit = t.desk.store().audit_of("settings", 0).unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!((audit[0].actor_name.as_str(), audit[0].field.as_deref()), ("王强", Some("approval_thresholds")));
    assert_eq!(audit[0].new_value.as_deref(), Some(r#"{"salesManagerMaxFen":5000000,"viceGmMaxFen":20000000,"confirmAboveFen":1000000}"#));
}

#[test]
fn a_person_changes_his_own_password_only_with_the_old_one() {
    let (t, admin) = with_admin();
    let wrong = t.desk.change_password(&admin, "not-my-password", "xin-mima-2026").unwrap_err();
    assert_eq!((wrong.field.as_deref(), wrong.message.as_str()), (Some("oldPassword"), "原密码不正确"));
    let short = t.desk.change_password(&admin, ADMIN_PW, "short").unwrap_err();
    assert_eq!(short.field.as_deref(), Some("newPassword"));
    assert!(t.desk.sign_in("admin", ADMIN_PW).is_ok(), "still the old password");

    t.desk.change_password(&admin, ADMIN_PW, "xin-mima-2026").unwrap();
    assert_eq!(t.desk.sign_in("admin", ADMIN_PW).unwrap_err().code, ErrorCode::SignInFailed);
    assert!(t.desk.sign_in("admin", "xin-mima-2026").is_ok());

    // Someone picked by name has no old password: the admin sets his first one.
    assert_eq!(t.desk.change_password(&t.agent, "", "xin-mima-2026").unwrap_err().code, ErrorCode::Forbidden);
    t.desk.reset_password(&admin, t.agent.id, "lina-mima-1").unwrap();
    assert_eq!(t.desk.sign_in("李娜", "lina-mima-1").unwrap().user, t.agent);
}

#[test]
fn passwords_are_kept_as_salted_argon2_hashes_only() {
    let (t, admin) = with_admin();
    let a = t.desk.create_account(&admin, new_user("张伟", "zhangwei", &[Role::Agent])).unwrap();
    let b = t.desk.create_account(&admin, new_user("赵敏", "zhaomin", &[Role::Agent])).unwrap();
    let (hash_a, hash_b) = (stored_hash(&t, a.id), stored_hash(&t, b.id));
    assert!(hash_a.starts_with("$argon2"), "{hash_a}");
    assert!(hash_b.starts_with("$argon2"), "{hash_b}");
    assert_ne!(hash_a, hash_b, "same password, different salt");
    assert!(!hash_a.contains("chushi-mima-1"));

    let json = serde_json::to_string(&t.desk.accounts(&admin).unwrap()).unwrap()
        + &serde_json::to_string(&t.desk.sign_in("zhangwei", "chushi-mima-1").unwrap()).unwrap();
    assert!(!json.contains("argon2") && !json.contains("chushi-mima-1"), "{json}");
    for entry in t.desk.store().audit_of("user", a.id).unwrap() {
        let text = format!("{entry:?}");
        assert!(!text.contains("argon2") && !text.contains("chushi-mima-1"), "{text}");
    }
}

#[test]
fn every_change_to_a_person_is_in_his_audit_log() {
    let (t, admin) = with_admin();
    let zhang = t.desk.create_account(&admin, new_user("张伟", "zhangwei", &[Role::Agent])).unwrap();
    t.desk.update_user_roles(&admin, zhang.id, &[Role::Agent, Role::Handler]).unwrap();
    t.desk.set_user_active(&admin, zhang.id, false, None).unwrap();
    t.desk.set_user_active(&admin, zhang.id, true, None).unwrap();
    t.desk.reset_password(&admin, zhang.id, "chongzhi-mima-1").unwrap();
    let zhang_user = User { id: zhang.id, name: zhang.name.clone() };
    t.desk.change_password(&zhang_user, "chongzhi-mima-1", "ziji-mima-2026").unwrap();

    assert_eq!(
        audit_lines(&t, "user", zhang.id),
        vec![
            "create by 王强",
            "edit login:  → zhangwei by 王强",
            "edit roles:  → agent by 王强",
            "set_password by 王强",
            "edit roles: agent → agent,handler by 王强",
            "edit active: true → false by 王强",
            "edit active: false → true by 王强",
            "reset_password by 王强",
            "change_password by 张伟",
        ]
    );
    assert_eq!(
        audit_lines(&t, "user", admin.id),
        vec!["create by 王强", "edit login:  → admin by 王强", "edit roles:  → admin by 王强", "set_password by 王强"]
    );
    let at = t.desk.store().audit_of("user", zhang.id).unwrap()[0].at;
    assert_eq!(at, t.clock.now());
}

#[test]
fn people_picked_by_name_keep_working_beside_accounts() {
    let (t, admin) = with_admin();
    // The current first-start screen still picks a user by name.
    let again = t.desk.create_user("李娜").unwrap();
    assert_eq!(again, t.agent);
    let fresh = t.desk.create_user("陈静").unwrap();
    let account = t.desk.accounts(&admin).unwrap().into_iter().find(|a| a.id == fresh.id).unwrap();
    assert_eq!((account.login.as_deref(), account.has_password, account.roles.len()), (Some("陈静"), false, 0));
    // A name that is somebody's login does not become a second login.
    let odd = t.desk.create_user("admin").unwrap();
    let account = t.desk.accounts(&admin).unwrap().into_iter().find(|a| a.id == odd.id).unwrap();
    assert_eq!(account.login, None);
    assert_eq!(t.desk.sign_in("admin", ADMIN_PW).unwrap().user, admin);
}

/// A deactivated account's session ends at its next command, at this desk
/// and at any other desk of the same database.
#[test]
fn a_deactivated_account_is_signed_out_at_its_next_command() {
    use complaintdesk_core::session::{actor, Session};
    let (t, admin) = with_admin();
    let account = t.desk.create_account(&admin, new_user("赵敏", "zhaomin", &[Role::Agent])).unwrap();
    let zhao = User { id: account.id, name: account.name.clone() };
    t.desk.change_password(&zhao, "chushi-mima-1", "zhaomin-mima-2").unwrap();
    let signed_in = t.desk.sign_in("zhaomin", "zhaomin-mima-2").unwrap();
    let now = t.clock.now();
    let mut here = Some(Session::start(signed_in.clone(), now));
    let other_desk = t.another_desk();
    let mut there = Some(Session::start(signed_in, now));
    assert_eq!(actor(&mut here, now, 15, |u| t.desk.is_active(u.id)).unwrap().id, account.id);

    t.desk.set_user_active(&admin, account.id, false, None).unwrap();
    for (session, desk) in [(&mut here, &t.desk), (&mut there, &other_desk)] {
        let err = actor(session, now, 15, |u| desk.is_active(u.id)).unwrap_err();
        assert_eq!(err.code, ErrorCode::NoCurrentUser);
        assert!(err.message.contains("账号已停用"), "{}", err.message);
        assert!(session.is_none());
    }
}

/// 自动锁定: the admin sets the longest lock time desks may choose, and
/// whether "never" is allowed; a desk's choice beyond it is refused.
#[test]
fn the_admin_sets_the_longest_lock_time() {
    use complaintdesk_core::session::LockPolicy;
    let (t, admin) = with_admin();
    assert_eq!(t.desk.lock_policy().unwrap(), LockPolicy { max_minutes: 15, never_allowed: false });
    let agent = t.desk.create_account(&admin, new_user("赵敏", "zhaomin", &[Role::Agent])).unwrap();
    let agent = User { id: agent.id, name: agent.name };
    let lax = LockPolicy { max_minutes: 60, never_allowed: true };
    assert_eq!(t.desk.set_lock_policy(&agent, lax).unwrap_err().code, ErrorCode::Forbidden);
    let zero = t.desk.set_lock_policy(&admin, LockPolicy { max_minutes: 0, never_allowed: false }).unwrap_err();
    assert_eq!(zero.field.as_deref(), Some("maxMinutes"));
    assert_eq!(t.desk.set_lock_policy(&admin, lax).unwrap(), lax);
    assert_eq!(t.desk.lock_policy().unwrap(), lax, "kept for every desk of the database");
    assert!(t.desk.lock_policy().unwrap().check(0).is_ok());
    assert!(t.desk.lock_policy().unwrap().check(61).is_err());
}

/// A password the admin set (新建人员, 重置密码) is temporary: the person
/// can do nothing but choose his own, at this sign-in.
#[test]
fn a_password_the_admin_set_must_be_changed_at_first_sign_in() {
    use complaintdesk_core::session::{actor, password_changed, password_changer, Session};
    let (t, admin) = with_admin();
    assert!(!t.desk.sign_in("admin", ADMIN_PW).unwrap().must_change_password, "the first admin chose his own");
    let account = t.desk.create_account(&admin, new_user("赵敏", "zhaomin", &[Role::Agent])).unwrap();
    let signed_in = t.desk.sign_in("zhaomin", "chushi-mima-1").unwrap();
    assert!(signed_in.must_change_password);
    let now = t.clock.now();
    let mut session = Some(Session::start(signed_in, now));
    let held = actor(&mut session, now, 15, |_| Ok(true)).unwrap_err();
    assert_eq!(held.code, ErrorCode::PasswordChangeRequired);
    assert!(session.is_some(), "still signed in, to change it");
    let me = password_changer(&mut session, now, 15, |_| Ok(true)).unwrap();
    assert_eq!(me.id, account.id);
    assert_eq!(actor(&mut session, now, 15, |_| Ok(true)).unwrap_err().code, ErrorCode::PasswordChangeRequired, "nothing else yet");
    t.desk.change_password(&me, "chushi-mima-1", "zhaomin-mima-2").unwrap();
    password_changed(&mut session);
    assert_eq!(actor(&mut session, now, 15, |_| Ok(true)).unwrap().id, account.id);
    assert!(!t.desk.sign_in("zhaomin", "zhaomin-mima-2").unwrap().must_change_password);
    // 重置密码 makes it temporary again.
    t.desk.reset_password(&admin, account.id, "chongzhi-mima-3").unwrap();
    assert!(t.desk.sign_in("zhaomin", "chongzhi-mima-3").unwrap().must_change_password);
}

/// Failed sign-ins slow the next attempt down, the fifth in a row locks the
/// account for 15 minutes (even with the right password), an administrator
/// can unlock it, and every attempt is recorded with the workstation.
#[test]
fn a_sign_in_with_a_login_no_account_has_is_refused_alike_and_recorded_for_the_admin() {
    use complaintdesk_core::clock::Clock;
    let (t, admin) = with_admin();
    let desk = t.another_desk().with_workstation("KEFU-PC-07");
    t.desk.create_account(&admin, new_user("赵敏", "zhaomin", &[Role::Agent])).unwrap();
    let known = desk.sign_in("zhaomin", "wrong-pw-1").unwrap_err();
    let unknown = desk.sign_in(" zhaomim ", "chushi-mima-1").unwrap_err();
    assert_eq!((unknown.code, unknown.message.as_str()), (known.code, known.message.as_str()), "the same refusal");
    desk.sign_in(&"x".repeat(300), "whatever-1").unwrap_err();

    let seen = t.desk.unknown_sign_ins(&admin).unwrap();
    let lines: Vec<(String, String)> = seen.iter().map(|a| (a.login.clone(), a.workstation.clone())).collect();
    assert_eq!(lines, vec![("x".repeat(100), "KEFU-PC-07".to_string()), ("zhaomim".to_string(), "KEFU-PC-07".to_string())], "newest first");
    assert_eq!(seen[1].at, t.clock.now());
    assert_eq!(t.desk.unknown_sign_ins(&t.agent).unwrap_err().code, ErrorCode::Forbidden, "admins only");
}

#[test]
fn failed_sign_ins_slow_down_then_lock_and_every_attempt_is_recorded() {
    use chrono::Duration;
    use complaintdesk_core::clock::Clock;
    let (t, admin) = with_admin();
    let advance = |d: Duration| t.clock.set(t.clock.now() + d);
    let desk = t.another_desk().with_workstation("KEFU-PC-03");
    let account = t.desk.create_account(&admin, new_user("赵敏", "zhaomin", &[Role::Agent])).unwrap();
    assert!(desk.sign_in("zhaomin", "chushi-mima-1").is_ok());
    for n in 1..=4 {
        advance(Duration::seconds(10));
        let err = desk.sign_in("zhaomin", "wrong-pw-1").unwrap_err();
        assert_eq!((err.code, err.message.as_str()), (ErrorCode::SignInFailed, "用户名或密码错误"), "failure {n}");
        if n > 1 {
            // Straight away, even the right password waits (one typo costs nothing).
            let wait = desk.sign_in("zhaomin", "chushi-mima-1").unwrap_err();
            assert!(wait.message.contains("秒后再试"), "{}", wait.message);
        }
    }
    advance(Duration::seconds(10));
    let locked = desk.sign_in("zhaomin", "wrong-pw-1").unwrap_err();
    assert!(locked.message.contains("已锁定 15 分钟"), "{}", locked.message);
    advance(Duration::minutes(14));
    let still = desk.sign_in("zhaomin", "chushi-mima-1").unwrap_err();
    assert!(still.message.contains("已锁定"), "the right password does not open a locked account: {}", still.message);

    t.desk.unlock_sign_in(&admin, account.id).unwrap();
    assert_eq!(desk.sign_in("zhaomin", "chushi-mima-1").unwrap().user.id, account.id);
    assert_eq!(t.desk.unlock_sign_in(&t.agent, account.id).unwrap_err().code, ErrorCode::Forbidden, "admins only");

    let history: Vec<(String, Option<String>)> = t
        .desk
        .store()
        .audit_of("user", account.id)
        .unwrap()
        .into_iter()
        .filter(|a| a.action.starts_with("sign_in"))
        .map(|a| (a.action, a.new_value))
        .collect();
    let actions: Vec<&str> = history.iter().map(|(a, _)| a.as_str()).collect();
    assert_eq!(
        actions,
        ["sign_in", "sign_in_failed", "sign_in_failed", "sign_in_failed", "sign_in_failed", "sign_in_failed", "sign_in_locked", "sign_in_unlocked", "sign_in"]
    );
    assert!(history.iter().all(|(_, w)| w.is_some()), "{history:?}");
    assert_eq!(history[1].1.as_deref(), Some("KEFU-PC-03"));

    // A lock runs out by itself after 15 minutes.
    for _ in 0..5 {
        advance(Duration::seconds(10));
        let _ = desk.sign_in("zhaomin", "wrong-pw-1");
    }
    assert!(desk.sign_in("zhaomin", "chushi-mima-1").is_err());
    advance(Duration::minutes(15));
    assert!(desk.sign_in("zhaomin", "chushi-mima-1").is_ok());
}

