package chat

import (
	"container/list"
	"time"
)

// table is a map bounded in size and in time, the shape of every table LocalStore keeps:
// it holds at most max entries, each until it expires, and adding to a full table forgets
// the entry used least recently. A flood of new keys therefore costs bounded memory, and
// evicting is O(1). It is not safe for concurrent use.
type table[V any] struct {
	max   int
	items map[string]*list.Element // of *entry[V]
	lru   *list.List               // most recently used at the front
}

// entry is one key of a table, its value and when it expires.
type entry[V any] struct {
	key     string
	val     V
	expires time.Time
}

func newTable[V any](max int) *table[V] {
	return &table[V]{max: max, items: make(map[string]*list.Element), lru: list.New()}
}

// get returns key's entry, marking it used; an expired entry is forgotten and not returned.
func (t *table[V]) get(key string, now time.Time) (*entry[V], bool) {
	el, ok := t.items[key]
	if !ok {
		return nil, false
	}
	e := el.Value.(*entry[V])
	if !now.Before(e.expires) {
		t.drop(el)
		return nil, false
	}
	t.lru.MoveToFront(el)
	return e, true
}

// put sets key to val until expires, marking it used, and returns its entry. When the table
// is over its bound it forgets the entries used least recently, and any expired ones
// among them.
func (t *table[V]) put(key string, val V, expires, now time.Time) *entry[V] {
	if el, ok := t.items[key]; ok {
		e := el.Value.(*entry[V])
		e.val, e.expires = val, expires
		t.lru.MoveToFront(el)
		return e
	}
	e := &entry[V]{key: key, val: val, expires: expires}
	t.items[key] = t.lru.PushFront(e)
	for t.lru.Len() > 0 {
		back := t.lru.Back()
		if t.lru.Len() <= t.max && now.Before(back.Value.(*entry[V]).expires) {
			break
		}
		t.drop(back)
	}
	return e
}

// remove forgets key.
func (t *table[V]) remove(key string) {
	if el, ok := t.items[key]; ok {
		t.drop(el)
	}
}

// len returns how many entries the table holds, expired ones not yet noticed included.
func (t *table[V]) len() int { return t.lru.Len() }

func (t *table[V]) drop(el *list.Element) {
	delete(t.items, el.Value.(*entry[V]).key)
	t.lru.Remove(el)
}
