//! messages.csv: the public's messages and their replies.

use crate::error::InputError;
use crate::ingest::first_seen;
use crate::ingest::problems::{date_order, required};
use crate::ingest::reader::Reader;
use crate::ingest::row::Value;
use crate::ingest::schema::InputFile;
use crate::ingest::source::{Cell, OpenedFile};
use crate::ingest::tables::account_of;
use crate::model::Message;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap};
use std::hash::BuildHasher;

pub(in crate::ingest) fn read_messages(
    reader: &mut Reader,
    opened: &OpenedFile,
    accounts: &HashMap<&str, u32>,
) -> Result<Vec<Message>, InputError> {
    use crate::ingest::schema::message as c;
    const F: InputFile = InputFile::Messages;
    let (id, account, received, replied) = (
        col!(F, c::MESSAGE_ID),
        col!(F, c::ACCOUNT_ID),
        col!(F, c::RECEIVED_AT),
        col!(F, c::REPLIED_AT),
    );
    let mut messages = Vec::with_capacity(opened.row_estimate());
    let parse = |v: &mut [Value<'_>], cells: &[Cell<'_>]| {
        let received_at = required(v[received].datetime(), c::RECEIVED_AT)?;
        let replied_at = v[replied].datetime();
        if replied_at.is_some_and(|r| r < received_at) {
            return Err(date_order(
                c::REPLIED_AT,
                c::RECEIVED_AT,
                cells[replied].raw_text(),
            ));
        }
        Ok(Message {
            account: account_of(accounts, c::ACCOUNT_ID, &v[account], &cells[account])?,
            message_id: required(v[id].take_text(), c::MESSAGE_ID)?,
            received_at,
            replied_at,
        })
    };
    // Every row is taken in; repeated message ids are found and taken out afterwards.
    let mut read_at = first_seen::ReadAt::with_capacity(messages.capacity());
    reader.rows(opened, parse, |at, message| {
        read_at.push(at);
        messages.push(message);
        Ok(())
    })?;
    let repeated = first_seen::repeated_rows(
        messages.len(),
        |row| FxBuildHasher.hash_one(&messages[row].message_id),
        |a, b| messages[a].message_id == messages[b].message_id,
    );
    let raw = |at| (c::MESSAGE_ID.to_string(), opened.raw_cell(at, id));
    if let Some(dropped) = reader.reject_repeated(&repeated, &read_at, raw, opened) {
        crate::model::retain_rows(&mut messages, &dropped);
    }
    Ok(messages)
}
