//! Team roles and what each may do (pure rules; the service checks them before writing).
//!
//! [`Role`] is also the type of `team_members.role` (text, CHECK owner/admin/member): queries
//! read it as `role AS "role: Role"`, so the spelling of a role lives in this enum only.

use std::fmt;

/// A member's role in a team.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    PartialOrd,
    Ord,
    serde::Serialize,
    utoipa::ToSchema,
    sqlx::Type,
)]
#[serde(rename_all = "lowercase")]
#[sqlx(type_name = "text", rename_all = "lowercase")]
pub enum Role {
    Member,
    Admin,
    Owner,
}

impl Role {
    pub fn parse(s: &str) -> Option<Role> {
        match s {
            "owner" => Some(Role::Owner),
            "admin" => Some(Role::Admin),
            "member" => Some(Role::Member),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            Role::Owner => "owner",
            Role::Admin => "admin",
            Role::Member => "member",
        }
    }

    /// Admins and the owner make, rotate and revoke the team's invite.
    pub fn can_manage_invite(self) -> bool {
        self >= Role::Admin
    }

    /// Admins remove members; only the owner removes admins; nobody removes the owner (or
    /// themselves: that is leaving).
    pub fn can_remove(self, target: Role) -> bool {
        match self {
            Role::Owner => target != Role::Owner,
            Role::Admin => target == Role::Member,
            Role::Member => false,
        }
    }

    /// Only the owner promotes members to admin or demotes admins, and never to owner (that is a
    /// transfer).
    pub fn can_set_role(self, target: Role, to: Role) -> bool {
        self == Role::Owner && target != Role::Owner && to != Role::Owner
    }

    /// Only the owner transfers ownership or deletes the team.
    pub fn is_owner(self) -> bool {
        self == Role::Owner
    }

    /// The owner cannot leave: they transfer ownership or delete the team first.
    pub fn can_leave(self) -> bool {
        self != Role::Owner
    }

    /// Whether this is an admin (the team page offers to demote them, others to promote).
    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }
}

impl fmt::Display for Role {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Role::*;

    #[test]
    fn roles_round_trip() {
        for r in [Owner, Admin, Member] {
            assert_eq!(Role::parse(r.as_str()), Some(r));
        }
        assert_eq!(Role::parse("Owner"), None);
    }

    #[test]
    fn who_may_remove_whom() {
        assert!(Owner.can_remove(Admin) && Owner.can_remove(Member));
        assert!(!Owner.can_remove(Owner));
        assert!(Admin.can_remove(Member));
        assert!(!Admin.can_remove(Admin) && !Admin.can_remove(Owner));
        assert!(!Member.can_remove(Member));
    }

    #[test]
    fn only_the_owner_sets_roles_transfers_and_stays() {
        assert!(Owner.can_set_role(Member, Admin));
        assert!(Owner.can_set_role(Admin, Member));
        assert!(!Owner.can_set_role(Member, Owner));
        assert!(!Admin.can_set_role(Member, Admin));
        assert!(Owner.is_owner() && !Admin.is_owner());
        assert!(!Owner.can_leave() && Admin.can_leave() && Member.can_leave());
        assert!(Admin.can_manage_invite() && !Member.can_manage_invite());
    }
}
