//! Follow-up chains (file 002): a root question and its follow-ups, linked in depth order so a
//! caller can ask "the next follow-up". The chain id is the root's key (`002-4`); the root has
//! depth 0 and each follow-up the depth written in the file (some depths are skipped).

use std::collections::BTreeMap;

use super::model::ChainLink;

/// One chain member: chain id, depth, question id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Member {
    pub chain: String,
    pub depth: u32,
    pub id: String,
}

/// Links members into chains; returns each member's id with its [`ChainLink`], chains in id
/// order and members in depth order.
pub fn link(members: &[Member]) -> Vec<(String, ChainLink)> {
    let mut chains: BTreeMap<&str, Vec<&Member>> = BTreeMap::new();
    for m in members {
        chains.entry(m.chain.as_str()).or_default().push(m);
    }
    let mut out = Vec::new();
    for (chain, mut list) in chains {
        list.sort_by_key(|m| m.depth);
        for (i, m) in list.iter().enumerate() {
            out.push((
                m.id.clone(),
                ChainLink {
                    chain: chain.to_string(),
                    depth: m.depth,
                    parent: i.checked_sub(1).map(|p| list[p].id.clone()),
                    next: list.get(i + 1).map(|n| n.id.clone()),
                },
            ));
        }
    }
    out
}

/// Number of distinct chains among the links.
pub fn count(links: &[&ChainLink]) -> usize {
    let mut ids: Vec<&str> = links.iter().map(|l| l.chain.as_str()).collect();
    ids.sort_unstable();
    ids.dedup();
    ids.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(chain: &str, depth: u32, id: &str) -> Member {
        Member {
            chain: chain.to_string(),
            depth,
            id: id.to_string(),
        }
    }

    #[test]
    fn links_in_depth_order_across_skipped_depths() {
        let members = [
            m("002-1", 13, "002-1-d13"),
            m("002-1", 0, "002-1"),
            m("002-1", 11, "002-1-d11"),
            m("002-2", 0, "002-2"),
        ];
        let links = link(&members);
        let ids: Vec<&str> = links.iter().map(|(id, _)| id.as_str()).collect();
        assert_eq!(ids, vec!["002-1", "002-1-d11", "002-1-d13", "002-2"]);
        let (_, root) = &links[0];
        assert_eq!(root.depth, 0);
        assert_eq!(root.parent, None);
        assert_eq!(root.next.as_deref(), Some("002-1-d11"));
        let (_, mid) = &links[1];
        assert_eq!(mid.parent.as_deref(), Some("002-1"));
        assert_eq!(mid.next.as_deref(), Some("002-1-d13"));
        let (_, last) = &links[2];
        assert_eq!(last.depth, 13);
        assert_eq!(last.next, None);
        let (_, lone) = &links[3];
        assert_eq!((lone.parent.clone(), lone.next.clone()), (None, None));
        let refs: Vec<&ChainLink> = links.iter().map(|(_, l)| l).collect();
        assert_eq!(count(&refs), 2);
    }
}
